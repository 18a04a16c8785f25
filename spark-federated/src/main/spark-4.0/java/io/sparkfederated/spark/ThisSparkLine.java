package io.sparkfederated.spark;

import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.read.EstimateCache;
import io.sparkfederated.read.FederatedScanBuilder;

/** Spark 4.0: no join pushdown for data sources (SupportsPushDownJoin is new in 4.1), so joins run in Spark. */
final class ThisSparkLine extends Spark4Line {

    static final SparkLine INSTANCE = new ThisSparkLine();

    @Override
    public String line() {
        return "4.0";
    }

    @Override
    public boolean pushesJoins() {
        return false;
    }

    @Override
    public ScanBuilder newScanBuilder(RemoteTable table, SourceConnector connector, CaseInsensitiveStringMap options,
                                      EstimateCache estimates) {
        return new FederatedScanBuilder(table, connector, options, estimates);
    }
}
