package io.sparkfederated.read;

import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.RemoteTable;

/** Spark 3.5 and 4.0 offer data sources no joins (SupportsPushDownJoin is new in 4.1): joins run in Spark. */
public final class ScanBuilders {

    private ScanBuilders() {
    }

    /** Whether Spark offers this line's scans joins to push. */
    public static boolean pushJoins() {
        return false;
    }

    static ScanBuilder create(RemoteTable table, SourceConnector connector, CaseInsensitiveStringMap options,
                              EstimateCache estimates) {
        return new FederatedScanBuilder(table, connector, options, estimates);
    }
}
