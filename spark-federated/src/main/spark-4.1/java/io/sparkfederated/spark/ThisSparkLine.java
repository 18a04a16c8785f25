package io.sparkfederated.spark;

import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.read.EstimateCache;
import io.sparkfederated.read.JoinPushingScanBuilder;

/** Spark 4.1 and 4.2: scans take the joins Spark offers them (SupportsPushDownJoin). */
final class ThisSparkLine extends Spark4Line {

    static final SparkLine INSTANCE = new ThisSparkLine();

    @Override
    public String line() {
        return "4.1";
    }

    @Override
    public boolean pushesJoins() {
        return true;
    }

    @Override
    public ScanBuilder newScanBuilder(RemoteTable table, SourceConnector connector, CaseInsensitiveStringMap options,
                                      EstimateCache estimates) {
        return new JoinPushingScanBuilder(table, connector, options, estimates);
    }
}
