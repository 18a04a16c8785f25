package io.sparkfederated.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void startsARealServerThatRequiresItsPassword() throws Exception {
        try (PostgresServer server = PostgresServer.start(12)) {
            assertThat(server.majorVersion()).isEqualTo(12);
            server.recreateDatabase("sandbox_check");
            server.execute("sandbox_check", "CREATE TABLE t (x int)", "INSERT INTO t VALUES (41), (1)");
            try (Connection c = server.connect("sandbox_check"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT sum(x) FROM t")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            Properties wrong = new Properties();
            wrong.setProperty("user", server.user());
            wrong.setProperty("password", "not-the-password");
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), wrong))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        }
    }

    @Test
    void sharedServerIsTheNewestMajorAndStaysUp() {
        PostgresServer shared = PostgresServer.shared();
        assertThat(PostgresServer.shared()).isSameAs(shared);
        if (System.getenv(PostgresServer.EXTERNAL_URL_ENV) == null) {
            assertThat(shared.majorVersion()).isEqualTo(PostgresServer.NEWEST_MAJOR);
        }
    }
}
