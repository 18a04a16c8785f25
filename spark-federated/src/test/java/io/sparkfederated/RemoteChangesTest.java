package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.PostgresServer;

/**
 * The remote database changes under a query or a plan: a table rewritten while a parallel scan runs
 * (TRUNCATE, VACUUM FULL, CLUSTER move rows under the planned ctid ranges), a column retyped or
 * dropped after its metadata was read. Each gives the right answer or a clear error, never rows
 * decoded as another type or read twice or not at all.
 */
class RemoteChangesTest {

    private static final int ROWS = 300_000;
    private static final String RIGHT = "[" + ROWS + "," + (long) ROWS * (ROWS + 1) / 2 + "]";
    private static SparkSession spark;
    private static PostgresServer pg;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        pg = TestEnv.postgres();
        // lock_timeout=3: a split queued behind a rewrite that waits for the query gives up soon
        TestEnv.defineCatalog("chg", pg, TestEnv.MAIN_DB, Map.of("split_size_mb", "1", "max_connections", "8",
                "lock_timeout", "3", "metadata_cache_ttl", "3600"));
    }

    private static void createBigTable() {
        pg.execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS bt",
                "CREATE TABLE bt (id bigint, v int, pad text)",
                "INSERT INTO bt SELECT g, (g::bigint * 7919) % 1000, repeat('p', 40) FROM generate_series(1, " + ROWS + ") g",
                "CREATE INDEX bt_v ON bt (v)",
                "VACUUM ANALYZE bt");
    }

    @Test
    void aTruncateDuringAParallelScanWaitsForTheQuery() throws Exception {
        rewriteDuringScan("TRUNCATE bt");
    }

    @Test
    void aVacuumFullDuringAParallelScanWaitsForTheQuery() throws Exception {
        rewriteDuringScan("VACUUM FULL bt");
    }

    @Test
    void aClusterDuringAParallelScanWaitsForTheQuery() throws Exception {
        rewriteDuringScan("CLUSTER bt USING bt_v");
    }

    /**
     * Starts a multi-split scan (aggregated in Spark: the filter is not pushed), sends the rewrite once
     * the first COPY runs, and requires the right answer or the clear lock error; the rewrite ends only
     * after the query.
     */
    private static void rewriteDuringScan(String rewrite) throws Exception {
        createBigTable();
        String sql = "SELECT count(*), sum(id) FROM chg.s.bt WHERE reverse(pad) <> 'x'";
        assertThat(TestEnv.splitsUsed(sql)).isGreaterThan(2);
        long[] queryEnd = new long[1]; // when Spark handed over the answer or the failure, not when this thread woke
        CompletableFuture<String> query = CompletableFuture.supplyAsync(() -> {
            try {
                return spark.sql(sql).first().toString();
            } catch (Exception e) { // SparkException is thrown unchecked
                return "failed: " + TestEnv.messages(e);
            } finally {
                queryEnd[0] = System.nanoTime();
            }
        });
        TestEnv.awaitActiveCopy("\"bt\"");
        CompletableFuture<Long> rewritten = CompletableFuture.supplyAsync(() -> {
            pg.execute(TestEnv.MAIN_DB, rewrite);
            return System.nanoTime();
        });
        String answer = query.get(120, TimeUnit.SECONDS);
        long queryEnded = queryEnd[0];
        long rewriteEnded = rewritten.get(120, TimeUnit.SECONDS);
        if (answer.startsWith("failed")) {
            assertThat(answer).contains("a split waited 3 s (lock_timeout) for a read lock")
                    .contains("waiting for the query to end");
        } else {
            assertThat(answer).isEqualTo(RIGHT);
        }
        // The query's locks go when its SQL execution ends, a moment before first() returns to this thread
        // (7 ms seen on a loaded machine); a rewrite that did not wait would end long before, mid-scan.
        assertThat(rewriteEnded).as("the rewrite waited for the query")
                .isGreaterThan(queryEnded - TimeUnit.MILLISECONDS.toNanos(100));
        TestEnv.awaitNoFederatedSessions();
    }

    @Test
    void aQueryThatCannotLockItsTableWithinLockTimeoutFailsSayingWhy() throws Exception {
        pg.execute(TestEnv.MAIN_DB, "DROP TABLE IF EXISTS locked", "CREATE TABLE locked (id int)",
                "INSERT INTO locked VALUES (1)");
        try (Connection c = pg.connect(TestEnv.MAIN_DB); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("LOCK TABLE locked IN ACCESS EXCLUSIVE MODE");
            String message = TestEnv.failureMessages(() -> spark.sql("SELECT * FROM chg.s.locked").collect());
            assertThat(message).contains("waited 3 s (lock_timeout) for a read lock on public.locked")
                    .contains("raise 'lock_timeout'");
            c.rollback();
        }
        assertThat(spark.sql("SELECT * FROM chg.s.locked").collectAsList()).hasSize(1);
    }

    @Test
    void aColumnRetypedAfterItsMetadataWasCachedIsAClearErrorNotGarbage() {
        pg.execute(TestEnv.MAIN_DB, "DROP TABLE IF EXISTS ch7", "CREATE TABLE ch7 (id int, a int)", "INSERT INTO ch7 VALUES (1, 7)");
        assertThat(spark.sql("SELECT a FROM chg.s.ch7").first().getInt(0)).isEqualTo(7);
        Dataset<Row> df = spark.read().format("federated").options(TestEnv.schemaOptions(pg, TestEnv.MAIN_DB, "public"))
                .option("dbtable", "ch7").option("metadata_cache_ttl", "0").load();
        assertThat(df.collectAsList().toString()).isEqualTo("[[1,7]]");

        pg.execute(TestEnv.MAIN_DB, "DROP TABLE ch7", "CREATE TABLE ch7 (id int, a text)", "INSERT INTO ch7 VALUES (1, 'hello')");
        assertThat(TestEnv.failureMessages(() -> spark.sql("SELECT a FROM chg.s.ch7").collect()))
                .contains("remote relation public.ch7 changed since its metadata was read")
                .contains("column \"a\" is text now, was integer").contains("REFRESH TABLE");
        // the same DataFrame (its plan, even its splits, made before the change) and a new one on the old relation
        assertThat(TestEnv.failureMessages(df::collectAsList)).contains("column \"a\" is text now, was integer");
        assertThat(TestEnv.failureMessages(() -> df.select("a").collectAsList())).contains("column \"a\" is text now");

        pg.execute(TestEnv.MAIN_DB, "DROP TABLE ch7", "CREATE TABLE ch7 (id int, a int)", "INSERT INTO ch7 VALUES (1, 7)",
                "ALTER TABLE ch7 ALTER COLUMN a TYPE bigint", "UPDATE ch7 SET a = 4294967303");
        assertThat(TestEnv.failureMessages(() -> spark.sql("SELECT a FROM chg.s.ch7").collect()))
                .contains("column \"a\" is bigint now, was integer");
        spark.sql("REFRESH TABLE chg.s.ch7");
        assertThat(spark.sql("SELECT a FROM chg.s.ch7").first().getLong(0)).isEqualTo(4294967303L);
    }

    @Test
    void aDroppedOrRetypedColumnUsedOnlyInAPushedFilterSaysTheTableChanged() {
        pg.execute(TestEnv.MAIN_DB, "DROP TABLE IF EXISTS ch8", "CREATE TABLE ch8 (id int, b int, c int)",
                "INSERT INTO ch8 VALUES (1, 2, 3)");
        assertThat(spark.sql("SELECT id FROM chg.s.ch8 WHERE b = 2 AND c = 3").collectAsList()).hasSize(1);
        pg.execute(TestEnv.MAIN_DB, "ALTER TABLE ch8 DROP COLUMN b");
        assertThat(TestEnv.failureMessages(() -> spark.sql("SELECT id FROM chg.s.ch8 WHERE b = 2").collect()))
                .contains("the remote table no longer matches the metadata this query was planned with")
                .contains("column \"b\" does not exist").contains("REFRESH TABLE");
        pg.execute(TestEnv.MAIN_DB, "ALTER TABLE ch8 ALTER COLUMN c TYPE text");
        assertThat(TestEnv.failureMessages(() -> spark.sql("SELECT id FROM chg.s.ch8 WHERE c = 3").collect()))
                .contains("the remote table no longer matches the metadata").contains("operator does not exist");
    }
}
