package io.sparkfederated.connector.postgres;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

import io.sparkfederated.read.FederatedInputPartition;

/** Creates {@link PostgresRowReader}s on executors. */
final class PostgresReaderFactory implements PartitionReaderFactory {

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        return new PostgresRowReader((FederatedInputPartition) partition);
    }
}
