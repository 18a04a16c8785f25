package io.sparkfederated.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** The real Redshift JDBC driver talks to the sandbox PostgreSQL through the Redshift endpoint. */
class RedshiftEndpointTest {

    @Test
    void theRedshiftDriverConnectsQueriesAndPreparesStatements() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.recreateDatabase("rs_dev");
        pg.execute("rs_dev", "CREATE TABLE customer (c_custkey bigint PRIMARY KEY, c_name varchar(25), c_acctbal numeric(12,2))",
                "INSERT INTO customer VALUES (1, 'Customer#1', 711.56), (2, 'Customer#2', 121.65)");
        try (RedshiftEndpoint endpoint = RedshiftEndpoint.start(pg);
             Connection c = DriverManager.getConnection(endpoint.jdbcUrl("rs_dev"), endpoint.user(), endpoint.password())) {
            assertThat(c.getClass().getName()).startsWith("com.amazon.redshift.");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM customer")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT c_name, c_acctbal FROM customer WHERE c_custkey = ?")) {
                ps.setLong(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.getMetaData().getColumnTypeName(2)).isEqualTo("numeric");
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("Customer#2");
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("121.65");
                }
            }
        }
    }
}
