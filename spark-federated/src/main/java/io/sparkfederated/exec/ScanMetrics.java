package io.sparkfederated.exec;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** The Spark UI metrics of a federated scan: rows, bytes received, splits and remote wait time. */
public final class ScanMetrics {

    public static final String ROWS = "federatedRows";
    public static final String BYTES = "federatedBytes";
    public static final String REMOTE_WAIT_MS = "federatedRemoteWaitMs";
    public static final String SPLITS = "federatedSplits";

    private ScanMetrics() {
    }

    public static CustomMetric[] supported() {
        return new CustomMetric[] {
            new Sum(ROWS, "rows received from the remote database"),
            new Sum(BYTES, "bytes received from the remote database"),
            new Sum(REMOTE_WAIT_MS, "time waiting for the remote database (ms, summed over splits)"),
            new Sum(SPLITS, "splits (parallel remote reads)")
        };
    }

    public static CustomTaskMetric[] taskValues(long rows, long bytes, long remoteWaitMs) {
        return new CustomTaskMetric[] {value(ROWS, rows), value(BYTES, bytes), value(REMOTE_WAIT_MS, remoteWaitMs)};
    }

    public static CustomTaskMetric value(String name, long value) {
        return new CustomTaskMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long value() {
                return value;
            }
        };
    }

    /** A summed metric; public with a no-argument constructor as Spark requires for its UI. */
    public static final class Sum extends CustomSumMetric {
        private final String name;
        private final String description;

        public Sum() {
            this("", "");
        }

        Sum(String name, String description) {
            this.name = name;
            this.description = description;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return description;
        }
    }
}
