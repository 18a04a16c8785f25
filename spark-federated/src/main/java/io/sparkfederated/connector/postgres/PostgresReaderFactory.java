package io.sparkfederated.connector.postgres;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import io.sparkfederated.exec.FederatedInputPartition;

/** Creates binary-COPY columnar readers on executors. */
final class PostgresReaderFactory implements PartitionReaderFactory {

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        FederatedInputPartition split = (FederatedInputPartition) partition;
        return new PostgresCopyReader(split, PgSplitSession.open(split));
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        throw new UnsupportedOperationException("PostgreSQL splits are read as columnar batches");
    }
}
