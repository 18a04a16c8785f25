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

class MariaDbServerTest {

    @Test
    void startsARealServerThatRequiresItsPassword() throws Exception {
        MariaDbServer server = MariaDbServer.shared();
        server.recreateDatabase("sandbox_check");
        server.execute("sandbox_check", "CREATE TABLE t (x int) ENGINE=InnoDB", "INSERT INTO t VALUES (41), (1)");
        try (Connection c = server.connect("sandbox_check"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(x), version(), @@character_set_server FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThat(rs.getString(2)).startsWith("10.11.5-MariaDB");
            assertThat(rs.getString(3)).isEqualTo("utf8mb4");
        }
        Properties wrong = new Properties();
        wrong.setProperty("user", server.user());
        wrong.setProperty("password", "not-the-password");
        wrong.setProperty("sslMode", "DISABLED");
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("mysql"), wrong))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1045));
    }

    @Test
    void aReaderSeesOnlyItsDatabaseAndCannotWrite() throws Exception {
        MariaDbServer server = MariaDbServer.shared();
        server.recreateDatabase("sandbox_reader");
        server.execute("sandbox_reader", "CREATE TABLE t (x int)", "INSERT INTO t VALUES (7)");
        server.createReader("reader1", "pw'1", "sandbox_reader");
        Properties props = new Properties();
        props.setProperty("user", "reader1");
        props.setProperty("password", "pw'1");
        props.setProperty("sslMode", "DISABLED");
        props.setProperty("allowPublicKeyRetrieval", "true");
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("sandbox_reader"), props);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT x FROM t")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (8)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("denied");
        }
    }
}
