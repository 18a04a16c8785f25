package io.sparkfederated.read;

import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.RemoteTable;

/** Spark 4.1 and 4.2: scans take the joins Spark offers them (SupportsPushDownJoin). */
public final class ScanBuilders {

    private ScanBuilders() {
    }

    /** Whether Spark offers this line's scans joins to push. */
    public static boolean pushJoins() {
        return true;
    }

    static ScanBuilder create(RemoteTable table, SourceConnector connector, CaseInsensitiveStringMap options,
                              EstimateCache estimates) {
        return new JoinPushingScanBuilder(table, connector, options, estimates);
    }
}
