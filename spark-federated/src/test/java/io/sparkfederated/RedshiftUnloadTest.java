package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.LocalS3;
import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.sandbox.RedshiftEndpoint;
import io.sparkfederated.sandbox.RedshiftEndpoint.UnloadFault;

/**
 * Redshift scans through UNLOAD: the sandbox endpoint carries out the UNLOAD the connector sends
 * (Parquet files and a manifest on the sandbox S3), Spark reads them over S3A, and the files are
 * deleted whatever happens.
 */
class RedshiftUnloadTest {

    private static final String DB = "fed_unload";
    private static final String BUCKET = "rs-unload";
    private static final String ROLE = "arn:aws:iam::123456789012:role/RedshiftUnload";
    private static final int ROWS = 40_000;
    private static SparkSession spark;
    private static LocalS3 s3;
    private static RedshiftEndpoint redshift;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        PostgresServer pg = TestEnv.postgres();
        pg.recreateDatabase(DB);
        pg.execute(DB,
                "CREATE TABLE events (id bigint NOT NULL, small smallint, num integer, amount numeric(12,2), ratio real,"
                        + " score double precision, flag boolean, name varchar(40), code char(4), day date, seen timestamp,"
                        + " at timestamptz, big numeric)",
                "INSERT INTO events SELECT g, (g % 300)::smallint, g % 7, (g * 1.25)::numeric(12,2), g / 8.0, g / 3.0,"
                        + " g % 2 = 0, CASE WHEN g % 10 = 0 THEN NULL WHEN g = 5 THEN 'O''Brien \\ back' ELSE 'name ' || g END,"
                        + " CASE WHEN g % 3 = 0 THEN 'ab' END, DATE '2020-01-01' + (g % 1000),"
                        + " TIMESTAMP '2021-05-06 07:08:09.123456' + g * INTERVAL '1 minute',"
                        + " TIMESTAMPTZ '2021-05-06 07:08:09.5+02' + g * INTERVAL '1 second',"
                        + " CASE WHEN g % 4 = 0 THEN g * 1000000000000.000001 END"
                        + " FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE events",
                "CREATE TABLE tiny (k integer, v varchar(10))",
                "INSERT INTO tiny VALUES (1, 'one'), (2, 'two')",
                "ANALYZE tiny");
        s3 = LocalS3.start();
        s3.createBucket(BUCKET);
        s3.s3aSettings().forEach((k, v) -> spark.sparkContext().hadoopConfiguration().set(k, v));
        redshift = RedshiftEndpoint.start(pg, s3);
        Map<String, String> login = Map.of("engine", "redshift", "uri", redshift.host(), "port", Integer.toString(redshift.port()),
                "database", DB, "user", redshift.user(), "password", redshift.password());
        spark.conf().set("spark.sql.catalog.rsu", FederatedCatalog.class.getName());
        login.forEach((k, v) -> spark.conf().set("spark.sql.catalog.rsu.schemas.bulk." + k, v));
        login.forEach((k, v) -> spark.conf().set("spark.sql.catalog.rsu.schemas.viajdbc." + k, v));
        login.forEach((k, v) -> spark.conf().set("spark.sql.catalog.rsu.schemas.sized." + k, v));
        Map.of("read_method", "unload", "tempdir", "s3a://" + BUCKET + "/tmp/", "unload_iam_role", ROLE)
                .forEach((k, v) -> spark.conf().set("spark.sql.catalog.rsu.schemas.bulk." + k, v));
        spark.conf().set("spark.sql.catalog.rsu.schemas.viajdbc.read_method", "jdbc");
        Map.of("tempdir", "s3a://" + BUCKET + "/auto", "unload_iam_role", ROLE, "unload_threshold_mb", "1")
                .forEach((k, v) -> spark.conf().set("spark.sql.catalog.rsu.schemas.sized." + k, v));
    }

    @AfterAll
    static void tearDown() {
        redshift.close();
        s3.close();
    }

    @BeforeEach
    void noFaults() {
        redshift.breakUnloads(null, 0);
    }

    @Test
    void unloadReturnsExactlyWhatJdbcReturnsAndLeavesNoFiles() throws Exception {
        String where = " WHERE id BETWEEN 3 AND 30000 AND (name IN ('it\\'s', 'name 7') OR num = 2)";
        long expected = java.util.stream.LongStream.rangeClosed(3, 30000).filter(g -> g % 7 == 2 || g == 7).count();
        int before = redshift.unloads().size();
        Dataset<Row> bulk = spark.sql("SELECT * FROM rsu.bulk.events" + where);
        assertThat(TestEnv.findScan(bulk.queryExecution().executedPlan()).toString())
                .contains("ReadMethod: UNLOAD to s3://" + BUCKET + "/tmp/");
        List<String> viaUnload = sorted(bulk);
        List<String> viaJdbc = sorted(spark.sql("SELECT * FROM rsu.viajdbc.events" + where));
        assertThat(viaUnload).hasSize((int) expected).isEqualTo(viaJdbc);

        List<String> statements = redshift.unloads().subList(before, redshift.unloads().size());
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0)).startsWith("UNLOAD ('SELECT ").contains("IAM_ROLE '" + ROLE + "'")
                .contains("TO 's3://" + BUCKET + "/tmp/unload-").contains("FORMAT AS PARQUET MANIFEST VERBOSE")
                .contains("((\"id\") >= ((3)))").contains("IN (\\'it\\'\\'s\\', \\'name 7\\')");
        assertThat(spark.sql("SELECT name FROM rsu.bulk.events WHERE id = 5").first().getString(0)).isEqualTo("O'Brien \\ back");
        assertNoFilesLeft();
    }

    @Test
    void aQueryOptionUnloadsWithItsQuotesAndBackslashesIntact() throws Exception {
        String query = "SELECT id, name, amount FROM events WHERE name LIKE 'name 12%' OR name = 'O''Brien \\ back'";
        Dataset<Row> bulk = read("unload").option("query", query).load();
        Dataset<Row> jdbc = read("jdbc").option("query", query).load();
        assertThat(TestEnv.findScan(bulk.queryExecution().executedPlan()).toString()).contains("ReadMethod: UNLOAD");
        List<String> rows = sorted(bulk);
        assertThat(rows).hasSizeGreaterThan(100).isEqualTo(sorted(jdbc)).anyMatch(r -> r.contains("O'Brien \\ back"));
        assertNoFilesLeft();
    }

    @Test
    void cancellingTheSparkJobCancelsTheRedshiftStatement() throws Exception {
        String slow = "SELECT g AS id FROM generate_series(1, 3) g CROSS JOIN (SELECT pg_sleep(120)) s";
        List<java.util.concurrent.ExecutorService> pools = new java.util.ArrayList<>();
        try {
            for (String method : List.of("unload", "jdbc")) {
                String group = "cancel-" + method;
                // a thread of its own per read: no Spark property of the other read's thread carries over
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
                pools.add(pool);
                java.util.concurrent.Future<?> run = pool.submit(() -> {
                    spark.sparkContext().setJobGroup(group, "a slow Redshift read", true);
                    return read(method).option("query", slow).load().collectAsList();
                });
                // the statement is running in "Redshift" (here: sleeping in PostgreSQL)
                assertThat(awaitSleepingQueries(1)).as(method + ": sleeping queries before the cancel").isEqualTo(1);
                String jobs = "jobs of the group " + java.util.Arrays.toString(spark.sparkContext().statusTracker().getJobIdsForGroup(group))
                        + ", active jobs " + java.util.Arrays.toString(spark.sparkContext().statusTracker().getActiveJobIds());
                // what is tested is the connector's side: Spark kills the read's task, the statement must stop
                spark.sparkContext().cancelJobGroup(group);
                spark.sparkContext().cancelAllJobs();
                String failure = TestEnv.failureMessages(() -> run.get(60, java.util.concurrent.TimeUnit.SECONDS));
                if (failure.startsWith("TimeoutException")) { // a diagnosis for CI, where only the message is kept
                    org.junit.jupiter.api.Assertions.fail(method + ": the read did not end within 60 s of the cancel; " + jobs
                            + "; " + TestEnv.federatedSessionQueries() + TestEnv.threadStacks("pool-", "Executor task launch",
                            "spark-federated-cancel", "dag-scheduler"));
                }
                assertThat(failure).as(method).containsIgnoringCase("cancel");
                // Spark fails the job at once; the task's statement must not go on running for two minutes
                assertThat(awaitSleepingQueries(0)).as(method + ": sleeping queries after the cancel").isZero();
                long cleanup = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (!s3.keys(BUCKET).isEmpty() && System.nanoTime() < cleanup) {
                    Thread.sleep(100);
                }
                assertThat(s3.keys(BUCKET)).as(method).isEmpty();
            }
        } finally {
            spark.sparkContext().cancelAllJobs(); // a read that started its job late must not retry its task meanwhile
            pools.forEach(java.util.concurrent.ExecutorService::shutdownNow);
            // a failure here must not leave a two-minute sleeper behind to fail the next tests' session checks
            try (java.sql.Connection c = TestEnv.postgres().connect("postgres"); java.sql.Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%'"
                        + " AND pid <> pg_backend_pid()");
            }
        }
    }

    /** Waits up to 20 s for this many queries sleeping in {@code pg_sleep(120)} on the server; returns the last count. */
    private static long awaitSleepingQueries(long wanted) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        long count;
        do {
            try (java.sql.Connection c = TestEnv.postgres().connect("postgres"); java.sql.Statement s = c.createStatement();
                 // in pg_sleep now: planning's EXPLAIN of the same text is active for a moment too, before any job exists
                 java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                         + " AND wait_event = 'PgSleep' AND query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()")) {
                rs.next();
                count = rs.getLong(1);
            }
            if (count != wanted) {
                Thread.sleep(200);
            }
        } while (count != wanted && System.nanoTime() < deadline);
        return count;
    }

    private static org.apache.spark.sql.DataFrameReader read(String method) {
        return spark.read().format("federated").option("engine", "redshift").option("uri", redshift.host())
                .option("port", redshift.port()).option("database", DB).option("user", redshift.user())
                .option("password", redshift.password()).option("read_method", method)
                .option("tempdir", "s3a://" + BUCKET + "/tmp").option("unload_iam_role", ROLE);
    }

    @Test
    void zeroRowsUnloadToAnEmptyResult() throws Exception {
        int before = redshift.unloads().size();
        assertThat(spark.sql("SELECT id, name FROM rsu.bulk.events WHERE id < 0").collectAsList()).isEmpty();
        assertThat(redshift.unloads()).hasSize(before + 1);
        // also when no manifest is written for zero rows
        redshift.breakUnloads(UnloadFault.NO_MANIFEST, Integer.MAX_VALUE);
        assertThat(spark.sql("SELECT id, name FROM rsu.bulk.events WHERE id < 0").collectAsList()).isEmpty();
        assertNoFilesLeft();
    }

    @Test
    void countsNeedNoColumnsAndTopNReadsThroughJdbc() throws Exception {
        assertThat(spark.sql("SELECT 1 FROM rsu.bulk.events WHERE num = 3").collectAsList()).hasSize(ROWS / 7);
        // an aggregate computed in Redshift is unloaded too (its result has no order)
        Dataset<Row> grouped = spark.sql("SELECT num, count(*), sum(amount) FROM rsu.bulk.events GROUP BY num");
        assertThat(TestEnv.findScan(grouped.queryExecution().executedPlan()).toString()).contains("GROUP BY")
                .contains("ReadMethod: UNLOAD");
        assertThat(sorted(grouped)).isEqualTo(sorted(spark.sql("SELECT num, count(*), sum(amount) FROM rsu.viajdbc.events"
                + " GROUP BY num")));
        // so is a join computed in Redshift (from Spark 4.1; before, Spark joins the unloaded scans)
        String join = "SELECT e.id, t.v FROM rsu.%s.events e JOIN rsu.%s.tiny t ON e.num = t.k";
        Dataset<Row> joined = spark.sql(join.formatted("bulk", "bulk"));
        assertThat(TestEnv.findScan(joined.queryExecution().executedPlan()).toString())
                .contains(io.sparkfederated.read.ScanBuilders.pushJoins() ? "JOIN" : "JoinPushdown: none")
                .contains("ReadMethod: UNLOAD");
        long matching = java.util.stream.LongStream.rangeClosed(1, ROWS).filter(g -> g % 7 == 1 || g % 7 == 2).count();
        assertThat(sorted(joined)).hasSize((int) matching).isEqualTo(sorted(spark.sql(join.formatted("viajdbc", "viajdbc"))));
        int before = redshift.unloads().size();
        Dataset<Row> top = spark.sql("SELECT id FROM rsu.bulk.events ORDER BY id DESC LIMIT 3");
        assertThat(TestEnv.findScan(top.queryExecution().executedPlan()).toString()).contains("ReadMethod: JDBC");
        assertThat(top.collectAsList()).extracting(r -> r.getLong(0)).containsExactly(40_000L, 39_999L, 39_998L);
        assertThat(redshift.unloads()).hasSize(before);
        assertNoFilesLeft();
    }

    @Test
    void autoUnloadsOnlyWhatThePlannerExpectsToBeLarge() throws Exception {
        Dataset<Row> big = spark.sql("SELECT * FROM rsu.sized.events");
        Dataset<Row> small = spark.sql("SELECT * FROM rsu.sized.tiny");
        Dataset<Row> narrow = spark.sql("SELECT id FROM rsu.sized.events WHERE id <= 100");
        assertThat(TestEnv.findScan(big.queryExecution().executedPlan()).toString()).contains("ReadMethod: UNLOAD");
        assertThat(TestEnv.findScan(small.queryExecution().executedPlan()).toString()).contains("ReadMethod: JDBC");
        assertThat(TestEnv.findScan(narrow.queryExecution().executedPlan()).toString()).contains("ReadMethod: JDBC");
        int before = redshift.unloads().size();
        assertThat(big.collectAsList()).hasSize(ROWS);
        assertThat(small.collectAsList()).hasSize(2);
        assertThat(redshift.unloads()).hasSize(before + 1);
        assertNoFilesLeft();
    }

    @Test
    void anIncompleteUnloadFailsLoudlyAndIsCleanedUp() throws Exception {
        for (UnloadFault fault : UnloadFault.values()) {
            redshift.breakUnloads(fault, Integer.MAX_VALUE);
            String message = TestEnv.failureMessages(() -> spark.sql("SELECT id, name FROM rsu.bulk.events").collectAsList());
            assertThat(message).as(fault.name()).contains("incomplete UNLOAD");
            assertNoFilesLeft();
        }
        assertThat(TestEnv.failureMessages(() -> spark.sql("SELECT id FROM rsu.bulk.events").collectAsList()))
                .contains("reported " + ROWS + " rows unloaded");
    }

    @Test
    void aRetriedTaskUnloadsAfreshAndReadsEverything() throws Exception {
        redshift.breakUnloads(UnloadFault.LOSE_A_FILE, 1);
        int before = redshift.unloads().size();
        assertThat(spark.sql("SELECT sum(id) FROM rsu.bulk.events").first().getLong(0))
                .isEqualTo((long) ROWS * (ROWS + 1) / 2);
        assertThat(redshift.unloads()).hasSize(before + 2);
        assertNoFilesLeft();
    }

    @Test
    void anUnwritableTempdirFailsNamingTempdirAndLeavesNothingBehind() throws Exception {
        int before = redshift.unloads().size();
        assertThat(TestEnv.failureMessages(() -> read("unload").option("tempdir", "s3a://no-such-bucket/faults")
                .option("query", "SELECT id FROM events").load().collectAsList()))
                .contains("UNLOAD to s3://no-such-bucket/faults/unload-", "bucket does not exist", "check tempdir");
        assertThat(redshift.unloads()).as("one UNLOAD per attempt, none succeeded").hasSizeGreaterThan(before);
        assertNoFilesLeft();
        TestEnv.awaitNoFederatedSessions();
    }

    @Test
    void aStatementRunningTooLongFailsNamingStatementTimeout() throws Exception {
        // JDBC only: the sandbox endpoint runs an UNLOAD's query on a session of its own, which the SET does not reach
        assertThat(TestEnv.failureMessages(() -> read("jdbc").option("statement_timeout", "1")
                .option("query", "SELECT 1 AS one FROM pg_sleep(30)").load().collectAsList()))
                .contains("the server cancelled the statement after 1 s (statement_timeout)", "raise 'statement_timeout'");
        TestEnv.awaitNoFederatedSessions();
    }

    @Test
    void unloadErrorsNameWhatToFix() throws Exception {
        spark.conf().set("spark.sql.catalog.rsu.schemas.nobucket.engine", "redshift");
        Map.of("uri", redshift.host(), "port", Integer.toString(redshift.port()), "database", DB, "user", redshift.user(),
                "password", redshift.password(), "read_method", "unload", "tempdir", "s3a://no-such-bucket/tmp",
                "unload_iam_role", ROLE).forEach((k, v) -> spark.conf().set("spark.sql.catalog.rsu.schemas.nobucket." + k, v));
        assertThat(TestEnv.failureMessages(() -> spark.sql("SELECT id FROM rsu.nobucket.events").collectAsList()))
                .contains("UNLOAD to s3://no-such-bucket/tmp/").contains("bucket does not exist")
                .contains("check tempdir, unload_iam_role");

        assertThat(TestEnv.failureMessages(() -> spark.read().format("federated").option("engine", "redshift")
                .option("uri", redshift.host()).option("port", redshift.port()).option("database", DB)
                .option("user", redshift.user()).option("password", redshift.password()).option("dbtable", "events")
                .option("read_method", "unload").load().collectAsList()))
                .contains("read_method=unload needs option 'tempdir'");
        assertThat(TestEnv.failureMessages(() -> spark.read().format("federated").option("engine", "redshift")
                .option("uri", redshift.host()).option("port", redshift.port()).option("database", DB)
                .option("user", redshift.user()).option("password", redshift.password()).option("dbtable", "events")
                .option("tempdir", "s3a://" + BUCKET + "/x").load().collectAsList()))
                .contains("'tempdir' needs 'unload_iam_role'");
        assertThat(TestEnv.failureMessages(() -> spark.read().format("federated").option("engine", "redshift")
                .option("uri", redshift.host()).option("port", redshift.port()).option("database", DB)
                .option("user", redshift.user()).option("password", redshift.password()).option("dbtable", "events")
                .option("tempdir", "/tmp/x").option("unload_iam_role", ROLE).load().collectAsList()))
                .contains("option 'tempdir' must be an S3 URL");
    }

    @Test
    void unloadsAndJdbcReadsAreInTheQueryLogAsSentWithTheRoleButNoPassword() {
        assertThat(spark.sql("SELECT v FROM rsu.bulk.tiny WHERE k > 0").collectAsList()).hasSize(2);
        assertThat(spark.sql("SELECT v FROM rsu.viajdbc.tiny WHERE k = 2").collectAsList()).hasSize(1);
        List<Row> logged = spark.sql("SELECT schemaname, read_method, querytext, num_rows, status, sourcetype, stage_id"
                + " FROM rsu.pg_catalog.svl_federated_query WHERE querytext LIKE '%tiny%' AND read_method IN ('UNLOAD', 'JDBC')"
                + " ORDER BY recordtime DESC LIMIT 2").collectAsList();
        assertThat(logged).anySatisfy(r -> {
            assertThat(r.getString(0) + " " + r.getString(1)).isEqualTo("bulk UNLOAD");
            assertThat(r.getString(2)).startsWith("UNLOAD ('SELECT ").contains("TO 's3://" + BUCKET + "/tmp/unload-",
                    "IAM_ROLE '" + ROLE + "'").endsWith("FORMAT AS PARQUET MANIFEST VERBOSE");
            assertThat(r.getLong(3)).isEqualTo(2);
            assertThat(r.getString(4) + " " + r.getString(5)).isEqualTo("ok redshift");
            assertThat(r.isNullAt(6)).isFalse();
        }).anySatisfy(r -> {
            assertThat(r.getString(0) + " " + r.getString(1)).isEqualTo("viajdbc JDBC");
            assertThat(r.getString(2)).startsWith("SELECT ").contains("\"tiny\"");
            assertThat(r.getLong(3)).isEqualTo(1);
            assertThat(r.getString(4)).isEqualTo("ok");
        });
        assertThat(spark.sql("SELECT * FROM rsu.pg_catalog.svl_federated_query").collectAsList().toString())
                .doesNotContain(redshift.password());
    }

    /**
     * The UNLOAD runs once per query, when it first executes (not when it is planned or explained), and
     * its files are read by several tasks; they are deleted when the query ends.
     */
    @Test
    void oneUnloadPerQueryIsReadBySeveralTasks() throws Exception {
        redshift.unloadSlices(5);
        try {
            int before = redshift.unloads().size();
            String sql = "SELECT spark_partition_id() AS task, count(*), sum(id) FROM rsu.bulk.events WHERE num <> 3 GROUP BY 1";
            Dataset<Row> df = spark.sql(sql);
            df.queryExecution().executedPlan();
            spark.sql("EXPLAIN " + sql).collectAsList();
            assertThat(redshift.unloads()).as("UNLOADs run by planning and EXPLAIN").hasSize(before);
            List<Row> perTask = df.collectAsList();
            assertThat(redshift.unloads()).as("UNLOADs run by the query").hasSize(before + 1);
            assertThat(perTask).as("tasks that read unloaded rows").hasSizeGreaterThan(1);
            long expectedRows = java.util.stream.LongStream.rangeClosed(1, ROWS).filter(g -> g % 7 != 3).count();
            long expectedSum = java.util.stream.LongStream.rangeClosed(1, ROWS).filter(g -> g % 7 != 3).sum();
            assertThat(perTask.stream().mapToLong(r -> r.getLong(1)).sum()).isEqualTo(expectedRows);
            assertThat(perTask.stream().mapToLong(r -> r.getLong(2)).sum()).isEqualTo(expectedSum);
            assertNoFilesLeft();
        } finally {
            redshift.unloadSlices(2);
        }
    }

    /**
     * Every query's scope closed and no UNLOAD file left: Spark reports a query's end asynchronously,
     * and its scope deletes the files after that (allowed 30 s).
     */
    private static void assertNoFilesLeft() throws InterruptedException {
        assertThat(TestEnv.awaitNoOpenQueryScopes()).as("open query scopes").isZero();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!s3.keys(BUCKET).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(s3.keys(BUCKET)).isEmpty();
    }

    private static List<String> sorted(Dataset<Row> df) {
        return df.collectAsList().stream().map(Row::toString).sorted().toList();
    }
}
