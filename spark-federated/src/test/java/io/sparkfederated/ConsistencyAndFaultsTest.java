package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.exec.QueryScope;
import io.sparkfederated.sandbox.PostgresServer;

/**
 * One snapshot for all splits while a writer runs, sessions always closed (success, failure,
 * cancellation), retries after a killed backend, and a clear error when the snapshot is gone.
 */
class ConsistencyAndFaultsTest {

    private static final int ROWS = 300_000;
    private static final long TOTAL = 1000L * ROWS;
    private static SparkSession spark;
    private static PostgresServer pg;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        pg = TestEnv.postgres();
        pg.execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS ledger",
                "CREATE TABLE ledger (id int PRIMARY KEY, balance bigint NOT NULL, pad text)",
                "INSERT INTO ledger SELECT g, 1000, repeat('p', 40) FROM generate_series(1, " + ROWS + ") g",
                "DROP TABLE IF EXISTS ends_badly",
                "CREATE TABLE ends_badly (id int, d date)",
                "INSERT INTO ends_badly SELECT g, DATE '2020-01-01' FROM generate_series(1, 200000) g",
                "INSERT INTO ends_badly VALUES (0, 'infinity')",
                "VACUUM ANALYZE ledger",
                "ANALYZE ends_badly");
        TestEnv.defineCatalog("cons", pg, TestEnv.MAIN_DB, Map.of("split_size_mb", "1", "max_connections", "8"));
    }

    @Test
    void aParallelScanSeesOneStateWhileAWriterMovesMoney() throws Exception {
        assertThat(TestEnv.splitsUsed("SELECT id FROM cons.s.ledger WHERE id < 0")).isGreaterThan(2);
        try (MoneyMover writer = new MoneyMover(pg, TestEnv.MAIN_DB, ROWS, 500)) {
            List<Long> sums = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sums.add(spark.sql("SELECT sum(balance) FROM cons.s.ledger").first().getLong(0));
            }
            assertThat(writer.transfers()).as("the writer ran during the scans").isGreaterThan(10);
            assertThat(sums).containsOnly(TOTAL);
        }
    }

    @Test
    void maxConnectionsCapsTheSplitsOfAllScansOfAQueryOnOneDatabase() {
        var df = spark.sql("SELECT id FROM cons.s.ledger WHERE id < 0 UNION ALL SELECT id FROM cons.s.ends_badly WHERE id < 0");
        df.collect();
        var scans = TestEnv.allScans(df.queryExecution().executedPlan());
        assertThat(scans).hasSize(2);
        long splits = scans.stream().mapToLong(p -> p.metrics().get("federatedSplits").get().value()).sum();
        // the first scan planned may take all 8; every later scan still gets its one split
        assertThat(splits).isGreaterThan(2).isLessThanOrEqualTo(8 + scans.size() - 1);
        assertThat(scans).allSatisfy(p -> assertThat(p.metrics().get("federatedSplits").get().value()).isPositive());
    }

    @Test
    void sessionsAreClosedAfterAFailedQuery() throws Exception {
        assertThat(TestEnv.splitsUsed("SELECT id FROM cons.s.ends_badly WHERE id < 0")).isGreaterThan(1);
        assertThatThrownBy(() -> spark.sql("SELECT max(d) FROM cons.s.ends_badly").collect())
                .satisfies(e -> assertThat(TestEnv.messages(e)).contains("'infinity'"));
        TestEnv.awaitNoFederatedSessions();
        assertThat(QueryScope.openCount()).isZero();
    }

    @Test
    void sessionsAreClosedAfterACancelledQuery() throws Exception {
        CompletableFuture<Object> query = readInJobGroup("to-cancel",
                "SELECT g FROM generate_series(1, 100000) g WHERE pg_sleep(0.001) IS NOT NULL");
        TestEnv.awaitActiveCopy("pg_sleep");
        spark.sparkContext().cancelJobGroup("to-cancel");
        assertThatThrownBy(() -> query.get(60, TimeUnit.SECONDS)).hasMessageContaining("cancel");
        TestEnv.awaitNoFederatedSessions();
        assertThat(QueryScope.openCount()).isZero();
    }

    @Test
    void aCancelledQueryCancelsACopyThatIsStillComputingItsFirstRow() throws Exception {
        CompletableFuture<Object> query = readInJobGroup("to-cancel-early",
                "SELECT g FROM generate_series(1, 3) g CROSS JOIN (SELECT pg_sleep(120)) s");
        TestEnv.awaitActiveCopy("pg_sleep(120)");
        spark.sparkContext().cancelJobGroup("to-cancel-early");
        assertThatThrownBy(() -> query.get(60, TimeUnit.SECONDS)).hasMessageContaining("cancel");
        // no row ever arrived, so only the cancel watch can end the COPY before its two minutes are up
        TestEnv.awaitNoFederatedSessions();
    }

    @Test
    void aKilledBackendIsRetriedFromTheSameSnapshotWithoutLostOrDuplicatedRows() throws Exception {
        Map<String, String> options = TestEnv.schemaOptions(pg, TestEnv.MAIN_DB, "public");
        CompletableFuture<Row> query = CompletableFuture.supplyAsync(() -> spark.read().format("federated").options(options)
                .option("query", "SELECT g FROM generate_series(1, 3000) g WHERE pg_sleep(0.0005) IS NOT NULL")
                .load().selectExpr("count(*)", "count(DISTINCT g)", "sum(g)").first());
        int pid = TestEnv.awaitActiveCopy("pg_sleep");
        terminate(pid);
        Row r = query.get(120, TimeUnit.SECONDS);
        assertThat(r.toString()).isEqualTo("[3000,3000," + (3000L * 3001 / 2) + "]");
    }

    @Test
    void whenTheSnapshotIsGoneTheRetryFailsWithAClearError() throws Exception {
        Map<String, String> options = TestEnv.schemaOptions(pg, TestEnv.MAIN_DB, "public");
        CompletableFuture<Object> query = CompletableFuture.supplyAsync(() -> spark.read().format("federated").options(options)
                .option("query", "SELECT g FROM generate_series(1, 3000) g WHERE pg_sleep(0.0005) IS NOT NULL")
                .load().collectAsList());
        int splitPid = TestEnv.awaitActiveCopy("pg_sleep");
        terminate(snapshotHolderPid());
        terminate(splitPid);
        assertThatThrownBy(() -> query.get(120, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(TestEnv.messages(e)).contains("the query's shared snapshot is gone")
                        .contains("a retried split cannot read the state the others read"));
        TestEnv.awaitNoFederatedSessions();
    }

    @Test
    void theScanReportsRowsBytesAndSplitsAsSparkMetrics() {
        var df = spark.sql("SELECT id FROM cons.s.ledger WHERE upper(pad) = 'XYZ'"); // a function evaluated by Spark
        df.collect();
        SparkPlan scan = TestEnv.findScan(df.queryExecution().executedPlan());
        assertThat(scan.metrics().get("federatedRows").get().value()).isEqualTo(ROWS);
        assertThat(scan.metrics().get("federatedBytes").get().value()).isGreaterThan(ROWS * 4L);
        assertThat(scan.metrics().get("federatedSplits").get().value()).isGreaterThan(2);
    }

    /** Reads a 'query' of the main database in the background, in a Spark job group a test can cancel. */
    private static CompletableFuture<Object> readInJobGroup(String group, String sql) {
        Map<String, String> options = TestEnv.schemaOptions(pg, TestEnv.MAIN_DB, "public");
        return CompletableFuture.supplyAsync(() -> {
            spark.sparkContext().setJobGroup(group, "cancelled by a test", true);
            try {
                return spark.read().format("federated").options(options).option("query", sql).load().collectAsList();
            } finally {
                spark.sparkContext().clearJobGroup();
            }
        });
    }

    private static int snapshotHolderPid() throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = 'spark-federated'"
                     + " AND state = 'idle in transaction'"
                     + " AND query NOT LIKE 'COPY%' AND query NOT LIKE 'SET TRANSACTION SNAPSHOT%'")) {
            assertThat(rs.next()).as("the driver's snapshot session is open").isTrue();
            return rs.getInt(1);
        }
    }

    private static void terminate(int pid) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
    }
}
