package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.PostgresServer;

/**
 * The slow rows of the fault matrix, on a PostgreSQL server of their own: the server restarted under
 * a scan, and the client's JVM killed outright while its COPY waits on a slow query.
 */
@Tag("faults")
class ServerAndClientDeathTest {

    private static final String DB = "deaths";
    private static SparkSession spark;
    private static PostgresServer own;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        own = PostgresServer.start();
        own.recreateDatabase(DB);
        own.execute(DB, "CREATE TABLE ledger (id int PRIMARY KEY, balance bigint NOT NULL)",
                "INSERT INTO ledger SELECT g, 100 FROM generate_series(1, 20000) g", "ANALYZE ledger");
    }

    @AfterAll
    static void tearDown() {
        own.close();
    }

    @Test
    void aServerRestartedMidScanFailsClearlyAndTheNextRunIsExact() throws Exception {
        Map<String, String> options = TestEnv.schemaOptions(own, DB, "public");
        String slow = "SELECT id, balance FROM ledger WHERE pg_sleep(0.0002) IS NOT NULL";
        CompletableFuture<Row> query = CompletableFuture.supplyAsync(() -> spark.read().format("federated").options(options)
                .option("query", slow).load().selectExpr("count(*)", "sum(balance)").first());
        TestEnv.awaitActiveStatements(own, "COPY (%pg_sleep%", 1);
        own.restart(); // every session ends, the driver's snapshot with them
        // the split's retries find the server down (refused, starting up) or back without the snapshot
        assertThat(TestEnv.failureMessages(() -> query.get(120, TimeUnit.SECONDS))).containsAnyOf(
                "the server restarted (or failed over) after the query's snapshot was exported",
                "the query's shared snapshot is gone", "the server is starting up or shutting down",
                "cannot connect to " + own.host() + ":" + own.port());
        Row again = spark.read().format("federated").options(options).option("query", slow).load()
                .selectExpr("count(*)", "sum(balance)").first();
        assertThat(again.toString()).isEqualTo("[20000,2000000]");
        assertThat(TestEnv.federatedSessions(own)).isZero();
    }

    @Test
    void aKilledClientJvmLeavesNoBackendRunningItsSlowQuery() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, SlowCopyClient.class.getName(), own.host(), Integer.toString(own.port()), DB, own.user())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        child.environment().put(SlowCopyClient.PASSWORD_ENV, own.password());
        Process client = child.start();
        try {
            TestEnv.awaitActiveStatements(own, "COPY (SELECT pg_sleep(600))%", 1);
        } finally {
            client.destroyForcibly(); // SIGKILL: no Terminate message, no cancel request
        }
        client.waitFor(30, TimeUnit.SECONDS);
        long killedAt = System.nanoTime();
        while (TestEnv.federatedSessions(own) > 0 && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(20)) {
            Thread.sleep(100);
        }
        // client_connection_check_interval (5 s) notices the closed socket; without it pg_sleep(600) would run on
        assertThat(TestEnv.federatedSessions(own)).as("backends left running the dead client's COPY").isZero();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt)).isLessThan(10);
    }
}
