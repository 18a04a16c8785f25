package io.sparkfederated.connector;

import java.io.Serializable;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import io.sparkfederated.exec.FederatedInputPartition;

/** Creates an engine's columnar split readers on executors; the engine says how one opens. */
public final class ColumnarReaderFactory implements PartitionReaderFactory {

    /** Opens the reader of one split (runs on the executor). */
    public interface Opener extends Serializable {
        PartitionReader<ColumnarBatch> open(FederatedInputPartition split);
    }

    private final Opener opener;

    public ColumnarReaderFactory(Opener opener) {
        this.opener = opener;
    }

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        return opener.open((FederatedInputPartition) partition);
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        throw new UnsupportedOperationException("these splits are read as columnar batches");
    }
}
