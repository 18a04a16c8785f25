package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.sandbox.TcpProxy;

/**
 * An Aurora-style reader endpoint: a primary with two streaming hot standbys behind a proxy that
 * sends each new connection to the next standby, while a writer on the primary moves money between
 * rows. A parallel scan through the endpoint sums to the right total or fails saying to use an
 * instance endpoint — never a total mixed from two replicas' states.
 */
class ReaderEndpointTest {

    private static final int ROWS = 200_000;
    private static final long TOTAL = 1000L * ROWS;
    private static SparkSession spark;
    private static PostgresServer primary;
    private static List<PostgresServer> standbys;
    private static TcpProxy readerEndpoint;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        primary = PostgresServer.start();
        primary.execute("postgres",
                "CREATE TABLE ledger (id int PRIMARY KEY, balance bigint NOT NULL, pad text)",
                "INSERT INTO ledger SELECT g, 1000, repeat('p', 40) FROM generate_series(1, " + ROWS + ") g",
                "VACUUM ANALYZE ledger");
        standbys = primary.startStandbys(2);
        primary.awaitReplay(standbys);
        readerEndpoint = TcpProxy.roundRobin(standbys.get(0).port(), standbys.get(1).port());
    }

    @AfterAll
    static void tearDown() {
        if (readerEndpoint != null) {
            readerEndpoint.close();
        }
        if (standbys != null) {
            standbys.forEach(PostgresServer::close);
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void aParallelScanThroughAReaderEndpointReadsOneReplicasSnapshotOrFailsSayingWhy() throws Exception {
        Map<String, String> options = new java.util.HashMap<>(primary.externalSchemaOptions("postgres"));
        options.put("port", Integer.toString(readerEndpoint.port()));
        options.put("split_size_mb", "1");
        options.put("dbtable", "public.ledger");
        List<String> outcomes = new ArrayList<>();
        try (MoneyMover writer = new MoneyMover(primary, "postgres", ROWS, 10)) {
            for (int i = 0; i < 4; i++) {
                try {
                    var df = spark.read().format("federated").options(options).load()
                            .where("reverse(pad) <> 'x'").selectExpr("sum(balance)"); // not pushed: splits
                    outcomes.add(Long.toString(df.first().getLong(0)));
                } catch (Exception e) { // SparkException is thrown unchecked
                    outcomes.add(TestEnv.messages(e));
                }
            }
            assertThat(writer.transfers()).as("the writer ran during the scans").isGreaterThan(10);
        }
        assertThat(outcomes).allSatisfy(o -> assertThat(o).satisfiesAnyOf(
                total -> assertThat(total).isEqualTo(Long.toString(TOTAL)),
                error -> assertThat(error).contains("than the one that exported the query's snapshot")
                        .contains("Use an instance endpoint")));
        assertThat(outcomes).as("reconnecting reaches the exporting standby").contains(Long.toString(TOTAL));
    }
}
