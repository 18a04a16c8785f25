package io.sparkfederated.connector.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.credentials.DatabaseLogin;
import io.sparkfederated.credentials.LoginResolver;
import io.sparkfederated.connector.jdbc.ConnectionAdmission;
import io.sparkfederated.connector.jdbc.JdbcSessions;

/**
 * Opens connections to PostgreSQL for one external schema: read-only sessions, a bounded connect
 * timeout, a checked server version, and driver errors turned into messages a user can act on.
 */
public final class PostgresConnections {

    public static final int MIN_SUPPORTED_MAJOR = 12;
    public static final int MAX_TESTED_MAJOR = 18;
    private static final String INVALID_PASSWORD = "28P01";
    static final String CLIENT_CHECK_INTERVAL = "5s";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresConnections.class);
    /** The major version of each server (host:port) this JVM has connected to. */
    private static final Map<String, Integer> MAJORS = new ConcurrentHashMap<>();

    private PostgresConnections() {
    }

    /** The server's major version, if this JVM has connected to it (the driver has, to describe a table it plans). */
    static OptionalInt knownMajor(ExternalSchema schema) {
        Integer major = MAJORS.get(server(schema));
        return major == null ? OptionalInt.empty() : OptionalInt.of(major);
    }

    /** The key of {@link #MAJORS}: "host:port". */
    private static String server(ExternalSchema schema) {
        return schema.host() + ":" + schema.port();
    }

    /**
     * A read-only session, admitted by this JVM's connection budget for the server (it waits for a
     * free connection; closing it frees one). The login is resolved here, where the connection is
     * opened (driver or executor); a password from a secret that PostgreSQL rejects is fetched again
     * once, so a job survives a rotation.
     */
    public static Connection open(ExternalSchema schema) {
        return ConnectionAdmission.open(schema, PostgresErrors::isOutOfConnections, () -> openSession(schema));
    }

    /**
     * The session a query keeps for its snapshot and locks, admitted with a spare connection for its
     * splits (they import the snapshot whenever they start, so one at a time is enough).
     */
    static Connection openHolder(ExternalSchema schema) {
        return ConnectionAdmission.openHolder(schema, 1, PostgresErrors::isOutOfConnections, () -> openSession(schema));
    }

    private static Connection openSession(ExternalSchema schema) {
        DatabaseLogin login = LoginResolver.login(schema.describe(), schema.credentials(), schema.host(), schema.port());
        Connection connection;
        try {
            connection = connect(schema, login);
        } catch (SQLException e) {
            if (!INVALID_PASSWORD.equals(e.getSQLState()) || !schema.credentials().usesAws()) {
                throw PostgresErrors.onConnect(schema, e);
            }
            LOG.info("{}: the server rejected the cached login of {}; fetching it again", schema.describe(),
                    schema.credentials().describeUser());
            try {
                connection = connect(schema, LoginResolver.refresh(schema.describe(), schema.credentials(), schema.host(), schema.port()));
            } catch (SQLException again) {
                throw PostgresErrors.onConnect(schema, again);
            }
        }
        try {
            checkVersion(schema, connection);
            return connection;
        } catch (SQLException | RuntimeException e) {
            JdbcSessions.closeQuietly(connection);
            throw e instanceof SQLException sql ? PostgresErrors.onQuery(schema, "checking the server version", sql)
                    : (RuntimeException) e;
        }
    }

    private static Connection connect(ExternalSchema schema, DatabaseLogin login) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", login.user());
        props.setProperty("password", login.password());
        props.setProperty("connectTimeout", Integer.toString(schema.connectTimeoutSeconds()));
        props.setProperty("loginTimeout", Integer.toString(schema.connectTimeoutSeconds()));
        props.setProperty("ApplicationName", JdbcSessions.APPLICATION_NAME);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("gssEncMode", "disable");
        if (schema.sslMode() != null) {
            props.setProperty("sslmode", schema.sslMode());
        }
        if (schema.sslRootCert() != null) {
            props.setProperty("sslrootcert", schema.sslRootCert());
        }
        // Every transaction of the session is read-only on the server side, whatever SQL runs in it; a
        // table lock (the query's, or a split's queued behind a rewrite waiting for the query) waits lock_timeout.
        // statement_timeout only when set: 0 keeps the server's (or the role's) own limit.
        int statementTimeout = schema.scan().statementTimeoutSeconds();
        props.setProperty("options", "-c default_transaction_read_only=on -c standard_conforming_strings=on"
                + " -c bytea_output=hex -c IntervalStyle=postgres -c lock_timeout=" + schema.scan().lockTimeoutSeconds() + "s"
                + (statementTimeout > 0 ? " -c statement_timeout=" + statementTimeout + "s" : ""));
        if (schema.scan().socketTimeoutSeconds() > 0) {
            props.setProperty("socketTimeout", Integer.toString(schema.scan().socketTimeoutSeconds()));
        }
        props.setProperty("readOnly", "true");
        String url = "jdbc:postgresql://" + hostForUrl(schema.host()) + ":" + schema.port() + "/";
        Connection connection = new Driver().connect(url + encodePathSegment(schema.database()), props);
        try {
            checkForDeadClient(connection);
            return connection;
        } catch (SQLException e) {
            JdbcSessions.closeQuietly(connection);
            throw e;
        }
    }

    /**
     * From PostgreSQL 14 the backend checks every {@value #CLIENT_CHECK_INTERVAL} that this client is
     * still there while a statement runs: a Spark JVM killed outright (kill -9, a lost node) no longer
     * leaves its COPY over a slow view running to the end. A parameter 12 and 13 do not know, so it is
     * set after login (statement_timeout bounds such statements there).
     */
    private static void checkForDeadClient(Connection connection) throws SQLException {
        if (connection.getMetaData().getDatabaseMajorVersion() >= 14) {
            try (var s = connection.createStatement()) {
                s.execute("SET client_connection_check_interval = '" + CLIENT_CHECK_INTERVAL + "'");
            }
        }
    }

    private static void checkVersion(ExternalSchema schema, Connection connection) throws SQLException {
        var meta = connection.getMetaData();
        int major = meta.getDatabaseMajorVersion();
        MAJORS.put(server(schema), major);
        if (major < MIN_SUPPORTED_MAJOR) {
            throw new FederatedException(schema.describe() + ": PostgreSQL " + meta.getDatabaseProductVersion()
                    + " is not supported; spark-federated supports PostgreSQL " + MIN_SUPPORTED_MAJOR + " to "
                    + MAX_TESTED_MAJOR + " (upgrade the server, or read it with Spark's JDBC source)");
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String encodePathSegment(String database) {
        return java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
