package io.sparkfederated.connector.mysql;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import io.sparkfederated.exec.FederatedInputPartition;

/** Creates streaming columnar readers on executors. */
final class MySqlReaderFactory implements PartitionReaderFactory {

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        FederatedInputPartition split = (FederatedInputPartition) partition;
        return new MySqlColumnarReader(split, MySqlSplitSession.open(split));
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        throw new UnsupportedOperationException("MySQL splits are read as columnar batches");
    }
}
