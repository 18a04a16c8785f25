package io.sparkfederated.connector.redshift;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import com.amazon.redshift.Driver;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.credentials.DatabaseLogin;
import io.sparkfederated.credentials.LoginResolver;
import io.sparkfederated.connector.jdbc.ConnectionAdmission;
import io.sparkfederated.connector.jdbc.JdbcSessions;

/**
 * Opens read-only sessions on Amazon Redshift through the Redshift JDBC driver, with the login the
 * external schema names (user/password or a Secrets Manager secret, resolved where the connection
 * opens). TLS: on unless the schema's {@code sslmode} is {@code disable}, {@code allow} or
 * {@code prefer}, or it has none and the host is this machine (the sandbox).
 */
final class RedshiftConnections {


    private RedshiftConnections() {
    }

    /** A session admitted by this JVM's connection budget for the server (waits for a free connection). */
    static Connection open(ExternalSchema schema) {
        // too_many_connections, as PostgreSQL's: Redshift's connection limit reached
        return ConnectionAdmission.open(schema, e -> "53300".equals(e.getSQLState()), () -> openSession(schema));
    }

    private static Connection openSession(ExternalSchema schema) {
        DatabaseLogin login = LoginResolver.login(schema.describe(), schema.credentials(), schema.host(), schema.port());
        Properties props = new Properties();
        props.setProperty("user", login.user());
        props.setProperty("password", login.password());
        props.setProperty("loginTimeout", Integer.toString(schema.connectTimeoutSeconds()));
        props.setProperty("ApplicationName", JdbcSessions.APPLICATION_NAME);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("socketTimeout", Integer.toString(schema.scan().socketTimeoutSeconds())); // 0: none
        String mode = schema.sslMode();
        boolean local = schema.host().equals("localhost") || schema.host().startsWith("127.");
        boolean tls = mode == null ? !local : !(mode.equals("disable") || mode.equals("allow") || mode.equals("prefer"));
        props.setProperty("ssl", Boolean.toString(tls));
        if (tls) {
            props.setProperty("sslmode", "verify-full".equals(mode) ? "verify-full" : "verify-ca");
            if (schema.sslRootCert() != null) {
                props.setProperty("sslrootcert", schema.sslRootCert());
            }
        }
        String url = "jdbc:redshift://" + schema.host() + ":" + schema.port() + "/" + schema.database();
        try {
            Connection connection = new Driver().connect(url, props);
            if (connection == null) {
                throw new FederatedException(schema.describe() + ": the Redshift driver did not accept " + url);
            }
            setStatementTimeout(schema, connection);
            connection.setAutoCommit(false);
            connection.setReadOnly(true); // every transaction of the session: BEGIN READ ONLY
            return connection;
        } catch (SQLException e) {
            throw new FederatedException(schema.describe() + ": cannot connect to Redshift as "
                    + schema.credentials().describeUser() + ": " + e.getMessage()
                    + " (check uri, port, database, the login and that the cluster accepts connections from here)", e);
        }
    }

    /** Redshift's statement_timeout (ms), when the option is set: 0 keeps the cluster's (or WLM's) limit. */
    private static void setStatementTimeout(ExternalSchema schema, Connection connection) throws SQLException {
        if (schema.scan().statementTimeoutSeconds() > 0) {
            try (var s = connection.createStatement()) {
                s.execute("SET statement_timeout TO " + schema.scan().statementTimeoutSeconds() * 1000L);
            } catch (SQLException e) {
                JdbcSessions.closeQuietly(connection);
                throw e;
            }
        }
    }
}
