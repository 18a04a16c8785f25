package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sparkfederated.connector.jdbc.ConnectionBudget;
import io.sparkfederated.connector.jdbc.JdbcSessions;
import io.sparkfederated.sandbox.PostgresServer;

/**
 * Many queries at once on a server with few connections (its own PostgreSQL, max_connections=12, of
 * which 9 for the non-superuser the queries log in as): they queue in this JVM's budget instead of
 * failing with "too many clients", every answer is right, and no session is left.
 */
@Tag("load") // line-agnostic: .ci/run runs it on the default Spark line only
class ConnectionAdmissionTest {

    private static final int ROWS = 30_000;
    private static final int BUDGET = 6;
    private static final String DB = "admission";
    private static final String READER = "reader";
    private static final String READER_PASSWORD = "reader-pw";
    private static SparkSession spark;
    private static PostgresServer pg;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        pg = PostgresServer.start(PostgresServer.NEWEST_MAJOR, List.of("max_connections=12"));
        pg.recreateDatabase(DB);
        pg.execute(DB,
                "CREATE ROLE " + READER + " LOGIN PASSWORD '" + READER_PASSWORD + "'",
                "CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL, note text)",
                "INSERT INTO t SELECT g, g % 1000, repeat('x', 40) FROM generate_series(1, " + ROWS + ") g",
                "GRANT SELECT ON t TO " + READER,
                "ANALYZE t");
        Map<String, String> options = Map.of("user", READER, "password", READER_PASSWORD, "split_size_mb", "1",
                "max_connections", "4", "max_server_connections", Integer.toString(BUDGET), "connection_wait_timeout", "120");
        TestEnv.defineCatalog("adm", pg, DB, options);
        Map<String, String> quick = new java.util.HashMap<>(options);
        quick.put("connection_wait_timeout", "2");
        TestEnv.defineCatalog("adm_quick", pg, DB, quick);
    }

    @AfterAll
    static void tearDown() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void manyQueriesFromManyThreadsQueueForConnectionsAndAllAnswerRight() throws Exception {
        assertThat(TestEnv.splitsUsed("SELECT id FROM adm.s.t WHERE id < 0")).as("splits of one scan").isBetween(2L, 4L);
        int xor = ConcurrentQueries.xorUpTo(ROWS);
        // bit_xor is not pushed down: the table is read in parallel splits; the filtered count is pushed
        ConcurrentQueries.Result result = ConcurrentQueries.run(24, 16, i -> spark.sql("SELECT count(*), sum(v), bit_xor(id)"
                + " FROM adm.s.t").first() + " " + spark.sql("SELECT count(*) FROM adm.s.t WHERE v >= " + i * 30).first(),
                ConnectionAdmissionTest::sessions);
        for (int i = 0; i < 24; i++) {
            long matching = (long) ROWS / 1000 * (1000 - i * 30);
            assertThat(result.answers().get(i)).as("query %s", i)
                    .isEqualTo("[" + ROWS + "," + (long) ROWS / 1000 * 999 * 1000 / 2 + "," + xor + "] [" + matching + "]");
        }
        assertThat(result.peakSessions()).as("most sessions of ours on the server at once").isBetween(2L, (long) BUDGET);
        ConcurrentQueries.awaitNoSessions(ConnectionAdmissionTest::sessions);
        assertThat(ConnectionBudget.of("127.0.0.1:" + pg.port()).held()).isZero();
        System.out.printf("24 queries (scan + pushed count) from 16 threads through %d connections: %d s%n", BUDGET,
                result.seconds());
    }

    @Test
    void refusalsOfAFullServerAreRetriedUntilTheWaitEnds() throws Exception {
        List<Connection> others = new ArrayList<>();
        try {
            // another application takes every connection the server gives this user
            while (true) {
                try {
                    others.add(DriverManager.getConnection(pg.jdbcUrl(DB), READER, READER_PASSWORD));
                } catch (SQLException full) {
                    assertThat(full.getSQLState()).isEqualTo("53300");
                    break;
                }
            }
            assertThat(others).hasSize(9);
            String failure = TestEnv.failureMessages(() -> spark.sql("SELECT count(*) FROM adm_quick.s.t WHERE v > 1").collect());
            // (PostgreSQL says "remaining connection slots are reserved for roles with the SUPERUSER attribute")
            assertThat(failure).containsPattern("the server 127.0.0.1:" + pg.port() + " refused new connections \\(FATAL: [^)]+\\)"
                    + " for 2 s \\(connection_wait_timeout\\) while this JVM had 0 open there")
                    .contains("Lower max_server_connections");
            assertThat(failure).doesNotContain(READER_PASSWORD);

            // the other application lets go after a second: the waiting query gets its connections then
            Thread release = ConcurrentQueries.closeLater(others, 1_000);
            assertThat(spark.sql("SELECT count(*) FROM adm.s.t WHERE v > 1").first().getLong(0)).isEqualTo(ROWS - 2L * ROWS / 1000);
            release.join();
        } finally {
            others.forEach(JdbcSessions::closeQuietly);
        }
        ConcurrentQueries.awaitNoSessions(ConnectionAdmissionTest::sessions);
        assertThat(ConnectionBudget.of("127.0.0.1:" + pg.port()).held()).isZero();
    }

    private static long sessions() {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                     + JdbcSessions.APPLICATION_NAME + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
