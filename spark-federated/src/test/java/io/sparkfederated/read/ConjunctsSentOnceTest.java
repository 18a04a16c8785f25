package io.sparkfederated.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.junit.jupiter.api.Test;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.config.TestEngines;
import io.sparkfederated.exec.FederatedInputPartition;

/** Long runtime-filter conjuncts: a token in every split, the text once in the reader factory (no Spark, no server). */
class ConjunctsSentOnceTest {

    private static final ExternalSchema SCHEMA = FederatedOptions.parse("s", Map.of("engine", "alpha", "uri", "h",
            "database", "d", "user", "u"), Set.of(), List.of(), TestEngines.ALL, (where, secret) -> Map.of());
    private static final String LONG = "(\"k\") = ANY ('{" + "1234567,".repeat(3000) + "7}'::int8[])";
    private static final String SHORT = "(\"k\") IN ((7), (42))";

    private static FederatedInputPartition split(String range) {
        return new FederatedInputPartition(SCHEMA, "SELECT \"k\" FROM \"t\" WHERE " + range + " AND (" + LONG + ") AND ("
                + SHORT + ")", List.of(), null, false);
    }

    /** The splits a factory was asked to read, as it received them. */
    private record Recording(List<InputPartition> read) implements PartitionReaderFactory {
        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            read.add(partition);
            return null;
        }
    }

    @Test
    void eachSplitCarriesATokenAndTheFactoryReadsTheTextItReplaced() {
        ConjunctsSentOnce conjuncts = new ConjunctsSentOnce();
        Recording recording = new Recording(new ArrayList<>());
        // Spark may ask for the factory before the scan is filtered
        PartitionReaderFactory factory = conjuncts.expanding(recording);
        conjuncts.keep(List.of(LONG, SHORT));
        InputPartition[] planned = {split("ctid < '(10,0)'"), split("ctid >= '(10,0)'")};
        InputPartition[] sent = conjuncts.shorten(planned);
        for (int i = 0; i < sent.length; i++) {
            String sql = ((FederatedInputPartition) sent[i]).sql();
            assertThat(sql).contains("AND (/*federated runtime filter ").contains(SHORT).doesNotContain("1234567");
            assertThat(sql.length()).isLessThan(300);
            factory.createReader(sent[i]);
            assertThat(recording.read().get(i)).isEqualTo(planned[i]);
        }
        assertThat(LONG.length()).isGreaterThanOrEqualTo(ConjunctsSentOnce.MIN_LENGTH);
    }

    @Test
    void withoutLongConjunctsTheSplitsAreSentAsPlanned() {
        ConjunctsSentOnce conjuncts = new ConjunctsSentOnce();
        InputPartition[] planned = {split("TRUE")};
        assertThat(conjuncts.shorten(planned)).containsExactly(planned); // nothing kept yet
        conjuncts.keep(List.of(SHORT));
        assertThat(conjuncts.shorten(planned)).containsExactly(planned);
        InputPartition other = new InputPartition() { };
        conjuncts.keep(List.of(LONG));
        assertThat(conjuncts.shorten(new InputPartition[] {other})).containsExactly(other);
    }
}
