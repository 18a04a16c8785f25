package io.sparkfederated.read;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import io.sparkfederated.exec.FederatedInputPartition;

/**
 * Runtime-filter conjuncts too long to repeat in every split. Spark sends each split with its own
 * task, but the reader factory once per stage (in the stage's task binary, which an executor fetches
 * once). So in the splits' SQL a long conjunct is replaced by a token, a comment that leaves an empty
 * condition (a syntax error, never a dropped filter, should one reach a database), and the reader
 * factory puts the text back before a split is read: 100,000 join keys cross once per executor, not
 * once per split.
 */
final class ConjunctsSentOnce implements Serializable {

    /** Conjuncts of at least this many characters travel once: about 2,000 integer keys. */
    static final int MIN_LENGTH = 16 * 1024;

    /**
     * Token to conjunct text: set by the scan's runtime filter, read where the reader factory is
     * serialized. Spark may create the factory before it filters the scan (to ask which splits read
     * columns), but serializes it with the stage, after; so the factory holds this object, not a copy.
     */
    private volatile Map<String, String> texts = Map.of();

    /** Sends the conjuncts of {@code added} long enough once, from the next planned splits on. */
    void keep(List<String> added) {
        String scan = UUID.randomUUID().toString();
        Map<String, String> kept = new LinkedHashMap<>();
        for (String conjunct : added) {
            if (conjunct.length() >= MIN_LENGTH) {
                kept.put("/*federated runtime filter " + scan + " " + kept.size() + "*/", conjunct);
            }
        }
        texts = Map.copyOf(kept);
    }

    /** The splits with each long conjunct's text replaced by its token (splits of other kinds unchanged). */
    InputPartition[] shorten(InputPartition[] splits) {
        InputPartition[] shortened = new InputPartition[splits.length];
        for (int i = 0; i < splits.length; i++) {
            shortened[i] = rewrite(splits[i], true);
        }
        return shortened;
    }

    /** {@code factory}, reading each split with its conjuncts' text back in place. */
    PartitionReaderFactory expanding(PartitionReaderFactory factory) {
        return new Expanding(factory, this);
    }

    private InputPartition rewrite(InputPartition split, boolean shorten) {
        Map<String, String> current = texts;
        if (current.isEmpty() || !(split instanceof FederatedInputPartition f)) {
            return split;
        }
        String sql = f.sql();
        for (Map.Entry<String, String> e : current.entrySet()) {
            sql = shorten ? sql.replace(e.getValue(), e.getKey()) : sql.replace(e.getKey(), e.getValue());
        }
        return new FederatedInputPartition(f.schema(), sql, f.columns(), f.engineContext(), f.soleSplit());
    }

    private record Expanding(PartitionReaderFactory factory, ConjunctsSentOnce conjuncts) implements PartitionReaderFactory {
        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            return factory.createReader(conjuncts.rewrite(partition, false));
        }

        @Override
        public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
            return factory.createColumnarReader(conjuncts.rewrite(partition, false));
        }

        @Override
        public boolean supportColumnarReads(InputPartition partition) {
            return factory.supportColumnarReads(partition);
        }
    }
}
