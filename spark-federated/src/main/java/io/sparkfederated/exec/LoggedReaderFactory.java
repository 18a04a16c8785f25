package io.sparkfederated.exec;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** An engine's reader factory that sends its readers' statements to the driver (see {@link RemoteStatementLog}). */
final class LoggedReaderFactory implements PartitionReaderFactory {

    private final PartitionReaderFactory engine;
    private final StatementCollector collector;

    LoggedReaderFactory(PartitionReaderFactory engine, StatementCollector collector) {
        this.engine = engine;
        this.collector = collector;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        RemoteStatementLog.bind(collector);
        return engine.createReader(partition);
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        RemoteStatementLog.bind(collector);
        return engine.createColumnarReader(partition);
    }

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return engine.supportColumnarReads(partition);
    }
}
