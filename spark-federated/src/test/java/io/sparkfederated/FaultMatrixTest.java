package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.LocalAws;
import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.sandbox.TcpProxy;

/**
 * The README's fault matrix ("When things fail") on PostgreSQL: the network cut under a COPY, a
 * server that stops answering, a statement that runs too long, a secret rotated or deleted and STS
 * sessions expiring while a job runs. Each ends with the exact answer or a clear error, and no
 * session of ours left on the server. (Server restarts and killed JVMs: {@link ServerAndClientDeathTest}.)
 */
@Tag("faults")
class FaultMatrixTest {

    /** A read of 3000 numbers slow enough (about 1.5 s) to be hit while it streams. */
    private static final String SLOW = "SELECT g FROM generate_series(1, 3000) g WHERE pg_sleep(0.0005) IS NOT NULL";
    private static final String EXACT = "[3000,3000," + 3000L * 3001 / 2 + "]";
    private static final String PASSWORD = "fault-" + Long.toHexString(System.nanoTime());
    private static SparkSession spark;
    private static PostgresServer pg;
    private static LocalAws aws;
    private TcpProxy proxy;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        pg = TestEnv.postgres();
        aws = TestEnv.aws();
        pg.execute("postgres", "DROP ROLE IF EXISTS fault_reader", "CREATE ROLE fault_reader LOGIN PASSWORD '" + PASSWORD + "'");
    }

    @AfterEach
    void closeProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        TestEnv.awaitNoFederatedSessions();
    }

    @Test
    void aNetworkCutUnderACopyIsRetriedFromTheSameSnapshot() throws Exception {
        CompletableFuture<Row> query = countSumAsync(throughProxy(Map.of()));
        TestEnv.awaitActiveCopy("pg_sleep");
        proxy.cutNewest(); // the split's connection; the driver's snapshot session lives on
        assertThat(query.get(120, TimeUnit.SECONDS).toString()).isEqualTo(EXACT);
    }

    @Test
    void aNetworkCutOfEveryConnectionGivesTheExactAnswerOrSaysTheSnapshotIsGone() throws Exception {
        CompletableFuture<Row> query = countSumAsync(throughProxy(Map.of()));
        TestEnv.awaitActiveCopy("pg_sleep");
        proxy.cutAll();
        try {
            assertThat(query.get(120, TimeUnit.SECONDS).toString()).isEqualTo(EXACT); // the retry beat the snapshot's end
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(TestEnv.messages(e)).contains("the query's shared snapshot is gone", "run the query again");
        }
    }

    @Test
    void aServerThatStopsAnsweringFailsNamingSocketTimeoutWithinBoundedTime() throws Exception {
        CompletableFuture<Row> query = countSumAsync(throughProxy(Map.of("socket_timeout", "2", "connect_timeout", "5")));
        TestEnv.awaitActiveCopy("pg_sleep");
        long frozenAt = System.nanoTime();
        proxy.freeze(); // open and new connections alike: nothing answers, nothing is closed
        String failure = TestEnv.failureMessages(() -> query.get(60, TimeUnit.SECONDS));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - frozenAt);
        assertThat(failure).contains("the server did not answer for 2 s (socket_timeout)", "raise 'socket_timeout'");
        assertThat(seconds).as("three attempts of 2 s each, and the driver's cleanup").isLessThan(30);
        proxy.cutAll(); // what the network does in the end; the backends then go (checked after each test)
    }

    @Test
    void aStatementRunningTooLongFailsNamingStatementTimeout() {
        Map<String, String> options = TestEnv.schemaOptions(pg, TestEnv.MAIN_DB, "public");
        String failure = TestEnv.failureMessages(() -> spark.read().format("federated").options(options)
                .option("statement_timeout", "1").option("query", "SELECT 1 AS one FROM pg_sleep(30)").load().collectAsList());
        assertThat(failure).contains("the server cancelled the statement after 1 s (statement_timeout)",
                "canceling statement due to statement timeout", "raise 'statement_timeout'");
    }

    @Test
    void aSecretRotatedMidJobIsFetchedAgainOnceAndTheJobIsExact() throws Exception {
        String arn = readableSecret("rotated");
        CompletableFuture<Row> job = twoOfThreeSplitsRunning(secretOptions(arn, "default", "3600"));
        aws.clearCalls();
        String rotated = PASSWORD + "-rotated";
        pg.execute("postgres", "ALTER ROLE fault_reader PASSWORD '" + rotated + "'"); // open sessions stay logged in
        aws.putSecretValue(arn, login(rotated));
        try {
            assertThat(job.get(120, TimeUnit.SECONDS).toString()).isEqualTo("[300,45150]");
            assertThat(aws.calls()).as("the third split's login, refused, then fetched again")
                    .filteredOn(c -> c.startsWith("GetSecretValue")).hasSize(1);
        } finally {
            pg.execute("postgres", "ALTER ROLE fault_reader PASSWORD '" + PASSWORD + "'");
        }
    }

    @Test
    void aSecretDeletedMidJobFailsTheJobNamingTheSecret() throws Exception {
        String arn = readableSecret("deleted");
        CompletableFuture<Row> job = twoOfThreeSplitsRunning(secretOptions(arn, "default", "0"));
        aws.deleteSecret(arn);
        assertThat(TestEnv.failureMessages(() -> job.get(120, TimeUnit.SECONDS)))
                .contains("secret '" + arn + "' was deleted", "restore it (RestoreSecret) or set 'secret_arn'")
                .doesNotContain(PASSWORD);
    }

    @Test
    void stsSessionsExpiringMidJobAreReplacedAndExpiredBaseCredentialsFailClearly() throws Exception {
        String role = LocalAws.roleArn("fault-reader");
        String arn = aws.createSecret("fault/sts-" + System.nanoTime(), login(PASSWORD));
        aws.allowAssumeRole(LocalAws.BASE_USER_ARN, role);
        aws.allowSecret(role, arn);
        CompletableFuture<Row> job = twoOfThreeSplitsRunning(secretOptions(arn, role, "0"));
        aws.clearCalls();
        aws.expireRoleSessions(); // every role session issued so far, as an hour passing would
        assertThat(job.get(120, TimeUnit.SECONDS).toString()).isEqualTo("[300,45150]");
        assertThat(aws.calls()).as("the third split assumed the role again").contains("AssumeRole " + role + " by "
                + LocalAws.BASE_USER_ARN);

        CompletableFuture<Row> second = twoOfThreeSplitsRunning(secretOptions(arn, role, "0"));
        aws.setExpired(LocalAws.BASE_ACCESS_KEY_ID, true); // the instance profile's credentials, not refreshed
        try {
            assertThat(TestEnv.failureMessages(() -> second.get(120, TimeUnit.SECONDS)))
                    .contains("cannot assume IAM role '" + role + "'", "have expired; refresh them");
        } finally {
            aws.setExpired(LocalAws.BASE_ACCESS_KEY_ID, false);
        }
    }

    /** The shared server's options with the port of a new proxy in front of it, plus extra options. */
    private Map<String, String> throughProxy(Map<String, String> extra) {
        proxy = TcpProxy.roundRobin(pg.port());
        return TestEnv.viaProxy(TestEnv.schemaOptions(pg, TestEnv.MAIN_DB, "public"), proxy, extra);
    }

    /** count, count distinct and sum of {@link #SLOW}, read in the background. */
    private static CompletableFuture<Row> countSumAsync(Map<String, String> options) {
        return TestEnv.readAsync(options, SLOW, "count(*)", "count(DISTINCT g)", "sum(g)");
    }

    /**
     * Reads 300 slow numbers (count, sum) in three splits of about 1 s in the background, and returns
     * once two of them run (local[2]): the third connects after what the test does next.
     */
    private static CompletableFuture<Row> twoOfThreeSplitsRunning(Map<String, String> options) throws Exception {
        CompletableFuture<Row> job = CompletableFuture.supplyAsync(() -> spark.read().format("federated").options(options)
                .option("query", "SELECT g FROM generate_series(1, 300) g WHERE pg_sleep(0.01) IS NOT NULL")
                .option("partitionColumn", "g").option("lowerBound", "1").option("upperBound", "301")
                .option("numPartitions", "3").load().selectExpr("count(*)", "sum(g)").first());
        TestEnv.awaitActiveStatements(pg, "COPY (%pg_sleep%", 2);
        return job;
    }

    /** A new secret with fault_reader's login that the base credentials may read. */
    private static String readableSecret(String name) {
        String arn = aws.createSecret("fault/" + name + "-" + System.nanoTime(), login(PASSWORD));
        aws.allowSecret(LocalAws.BASE_USER_ARN, arn);
        return arn;
    }

    private static Map<String, String> secretOptions(String arn, String roles, String cacheTtl) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("engine", "postgres");
        options.put("uri", pg.host());
        options.put("port", Integer.toString(pg.port()));
        options.put("database", TestEnv.MAIN_DB);
        options.put("secret_arn", arn);
        options.put("iam_role", roles);
        options.put("secret_cache_ttl", cacheTtl);
        options.put("secretsmanager_endpoint", aws.endpoint());
        options.put("sts_endpoint", aws.endpoint());
        return options;
    }

    private static String login(String password) {
        return "{\"username\":\"fault_reader\",\"password\":" + LocalAws.quote(password) + "}";
    }
}
