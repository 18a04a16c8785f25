package io.sparkfederated.mysql;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sparkfederated.ConcurrentQueries;
import io.sparkfederated.TestEnv;
import io.sparkfederated.connector.jdbc.ConnectionBudget;
import io.sparkfederated.connector.jdbc.JdbcSessions;
import io.sparkfederated.sandbox.MariaDbServer;

/**
 * The MySQL engine under the same load, on the shared MariaDB with a login limited to 5 connections
 * ({@code MAX_USER_CONNECTIONS}, refused with error 1226 beyond): queries queue and all answer right.
 * The load reads without the scans' table locks ({@code consistent_snapshot=false}): a locked scan's
 * splits must all run at once, which a few task slots shared by many queries cannot promise (the lock
 * then times out, with or without a connection budget); the budget's side of it, a lock keeping a
 * permit for each of its splits, is in {@code ConnectionBudgetTest}.
 */
@Tag("load") // line-agnostic: .ci/run runs it on the default Spark line only
class MySqlConnectionAdmissionTest {

    private static final String DB = "my_admission";
    private static final String USER = "my_admission_reader";
    private static final String PASSWORD = "my-admission-pw";
    private static final int ROWS = 30_000;
    private static SparkSession spark;
    private static MariaDbServer my;

    @BeforeAll
    static void setUp() {
        my = MySqlTestEnv.server();
        spark = MySqlTestEnv.spark();
        my.recreateDatabase(DB);
        my.execute(DB,
                "CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL, note varchar(100))",
                "INSERT INTO t SELECT seq, seq % 1000, REPEAT('x', 60) FROM seq_1_to_" + ROWS,
                "ANALYZE TABLE t");
        my.createReader(USER, PASSWORD, DB);
        my.execute("mysql", "ALTER USER '" + USER + "'@'127.0.0.1' WITH MAX_USER_CONNECTIONS 5");
        Map<String, String> options = new java.util.HashMap<>(my.externalSchemaOptions(DB, USER, PASSWORD));
        options.putAll(Map.of("split_size_mb", "1", "max_connections", "3", "max_server_connections", "4",
                "connection_wait_timeout", "120"));
        MySqlTestEnv.defineCatalog("myadm", DB, options);
        Map<String, String> unlocked = new java.util.HashMap<>(options);
        unlocked.put("consistent_snapshot", "false");
        MySqlTestEnv.defineCatalog("myadm_free", DB, unlocked);
        options.put("connection_wait_timeout", "2");
        MySqlTestEnv.defineCatalog("myadm_quick", DB, options);
    }

    @Test
    void manyScansFromManyThreadsQueueAndAllAnswerRight() throws Exception {
        assertThat(TestEnv.splitsUsed("SELECT id FROM myadm_free.s.t WHERE id < 0")).as("splits of one scan").isBetween(2L, 3L);
        int xor = ConcurrentQueries.xorUpTo(ROWS);
        ConcurrentQueries.Result result = ConcurrentQueries.run(12, 8, i -> spark.sql("SELECT count(*), bit_xor(id) FROM"
                + " myadm_free.s.t").first() + " " + spark.sql("SELECT count(*) FROM myadm_free.s.t WHERE v < " + i).first(),
                MySqlConnectionAdmissionTest::sessions);
        for (int i = 0; i < 12; i++) {
            assertThat(result.answers().get(i)).as("query %s", i).isEqualTo("[" + ROWS + "," + xor + "] [" + ROWS / 1000 * i + "]");
        }
        assertThat(result.peakSessions()).isBetween(2L, 4L);
        ConcurrentQueries.awaitNoSessions(MySqlConnectionAdmissionTest::sessions);
        assertThat(ConnectionBudget.of("127.0.0.1:" + my.port()).held()).isZero();
    }

    @Test
    void tooManyUserConnectionsAreRetriedUntilTheWaitEnds() throws Exception {
        List<Connection> others = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                others.add(DriverManager.getConnection(my.jdbcUrl(DB) + "?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                        USER, PASSWORD));
            }
            String failure = TestEnv.failureMessages(() -> spark.sql("SELECT count(*) FROM myadm_quick.s.t").collect());
            assertThat(failure).contains("the server 127.0.0.1:" + my.port() + " refused new connections (")
                    .contains("max_user_connections").contains("for 2 s (connection_wait_timeout)")
                    .doesNotContain(PASSWORD);
            Thread release = ConcurrentQueries.closeLater(others, 1_000);
            assertThat(spark.sql("SELECT count(*) FROM myadm.s.t WHERE v = 7").first().getLong(0)).isEqualTo(ROWS / 1000);
            release.join();
        } finally {
            others.forEach(JdbcSessions::closeQuietly);
        }
        ConcurrentQueries.awaitNoSessions(MySqlConnectionAdmissionTest::sessions);
        assertThat(ConnectionBudget.of("127.0.0.1:" + my.port()).held()).isZero();
    }

    private static long sessions() {
        try (Connection c = my.connect("mysql"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.PROCESSLIST WHERE user = '" + USER + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
