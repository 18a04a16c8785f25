package io.sparkfederated.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sparkfederated.TestEnv;
import io.sparkfederated.sandbox.MariaDbServer;
import io.sparkfederated.sandbox.TcpProxy;

/**
 * The fault matrix on MySQL (the sandbox MariaDB): the network cut under a streamed read, a server
 * that stops answering ({@code socket_timeout}) and a statement that runs too long
 * ({@code statement_timeout}: MariaDB's max_statement_time). No session of ours is left behind.
 */
@Tag("faults")
class MySqlFaultsTest {

    private static final String DB = "my_faults";
    /** The connector's login here: its sessions are the ones PROCESSLIST shows under this user. */
    private static final String USER = "faults_reader";
    private static final String PASSWORD = java.util.UUID.randomUUID().toString();
    /** 3000 numbers streamed over about 1.5 s. */
    private static final String SLOW = "SELECT n FROM nums WHERE SLEEP(0.0005) = 0";
    private static final String EXACT = "[3000,3000," + 3000L * 3001 / 2 + "]";
    private static SparkSession spark;
    private static MariaDbServer my;
    private TcpProxy proxy;

    @BeforeAll
    static void setUp() {
        my = MySqlTestEnv.server();
        spark = MySqlTestEnv.spark();
        my.recreateDatabase(DB);
        my.execute(DB, "CREATE TABLE nums (n int PRIMARY KEY)", "SET SESSION max_recursive_iterations = 10000",
                "INSERT INTO nums WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3000) SELECT n FROM r");
        my.createReader(USER, PASSWORD, DB);
    }

    @AfterEach
    void closeProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        awaitSessions(0, "");
    }

    @Test
    void aNetworkCutUnderAStreamedReadIsRetriedAndExact() throws Exception {
        CompletableFuture<Row> query = countSumAsync(throughProxy(Map.of()));
        awaitSessions(1, "SLEEP(0.0005)");
        proxy.cutNewest();
        assertThat(query.get(120, TimeUnit.SECONDS).toString()).isEqualTo(EXACT);
    }

    @Test
    void aServerThatStopsAnsweringFailsNamingSocketTimeoutWithinBoundedTime() throws Exception {
        CompletableFuture<Row> query = countSumAsync(throughProxy(Map.of("socket_timeout", "2", "connect_timeout", "5")));
        awaitSessions(1, "SLEEP(0.0005)");
        long frozenAt = System.nanoTime();
        proxy.freeze();
        String failure = TestEnv.failureMessages(() -> query.get(60, TimeUnit.SECONDS));
        assertThat(failure).contains("the server did not answer for 2 s (socket_timeout)", "raise 'socket_timeout'");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - frozenAt)).isLessThan(30);
        proxy.cutAll();
    }

    @Test
    void aStatementRunningTooLongFailsNamingStatementTimeout() {
        String failure = TestEnv.failureMessages(() -> spark.read().format("federated").options(my.externalSchemaOptions(DB, USER, PASSWORD))
                .option("statement_timeout", "1")
                .option("query", "SELECT count(*) AS c FROM nums a, nums b, nums c WHERE a.n + b.n + c.n = 7").load()
                .collectAsList());
        assertThat(failure).contains("the server cancelled the statement after 1 s (statement_timeout)",
                "raise 'statement_timeout'");
    }

    private Map<String, String> throughProxy(Map<String, String> extra) {
        proxy = TcpProxy.roundRobin(my.port());
        return TestEnv.viaProxy(my.externalSchemaOptions(DB, USER, PASSWORD), proxy, extra);
    }

    private static CompletableFuture<Row> countSumAsync(Map<String, String> options) {
        return TestEnv.readAsync(options, SLOW, "count(*)", "count(DISTINCT n)", "sum(n)");
    }

    /**
     * Waits (up to 30 s) until exactly {@code count} sessions of ours run a statement containing the text
     * (any session of ours when the text is empty); fails if that never happens.
     */
    private static void awaitSessions(int count, String text) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        long seen = -1;
        try (Connection c = my.connect(DB); Statement s = c.createStatement()) {
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.PROCESSLIST WHERE USER = '" + USER + "'"
                        + (text.isEmpty() ? "" : " AND COMMAND IN ('Query', 'Execute') AND INFO LIKE '%" + text + "%'"))) {
                    rs.next();
                    seen = rs.getLong(1);
                }
                if (count == 0 ? seen == 0 : seen >= count) {
                    return;
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("sessions of ours" + (text.isEmpty() ? "" : " running '" + text + "'") + ": " + seen
                + ", expected " + (count == 0 ? "none" : count));
    }
}
