package io.sparkfederated.read;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

import io.sparkfederated.connector.SourceConnector;

/** A planned read: one remote query, shown verbatim in EXPLAIN. */
public final class FederatedScan implements Scan, Batch {

    private final RemoteQuery query;
    private final SourceConnector connector;
    private final String sql;
    private volatile int splits;

    FederatedScan(RemoteQuery query, SourceConnector connector) {
        this.query = query;
        this.connector = connector;
        this.sql = connector.dialect().render(query);
    }

    /** The exact SQL sent to the remote database. */
    public String remoteSql() {
        return sql;
    }

    @Override
    public StructType readSchema() {
        return query.sparkSchema();
    }

    @Override
    public String description() {
        return "Federated " + query.table().schema().name() + " [" + query.table().relation().displayName()
                + "] RemoteSQL: " + sql;
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        InputPartition[] partitions = connector.planPartitions(query);
        splits = partitions.length;
        return partitions;
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return ScanMetrics.supported();
    }

    @Override
    public CustomTaskMetric[] reportDriverMetrics() {
        return new CustomTaskMetric[] {ScanMetrics.value(ScanMetrics.SPLITS, splits)};
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return connector.readerFactory();
    }
}
