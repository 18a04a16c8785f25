package io.sparkfederated.connector.mysql;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.credentials.DatabaseLogin;
import io.sparkfederated.connector.jdbc.ConnectionAdmission;
import io.sparkfederated.connector.jdbc.JdbcSessions;
import io.sparkfederated.credentials.LoginResolver;

/**
 * Opens sessions on MySQL 8.0+ (RDS, Aurora MySQL 3) and MariaDB 10.6+ through MySQL Connector/J,
 * which the bundle leaves out (its licence is GPLv2 with the Universal FOSS Exception): a missing
 * driver is an error that says which package to add. Every session is read-only at REPEATABLE READ,
 * in UTC ({@code time_zone = '+00:00'}, so TIMESTAMP values read as instants), with the
 * {@code sql_mode} flags that would change how {@link MySqlDialect}'s SQL parses removed.
 */
final class MySqlConnections {

    static final String DRIVER_CLASS = "com.mysql.cj.jdbc.Driver";
    static final String DRIVER_PACKAGE = "com.mysql:mysql-connector-j:9.7.0";
    private static final Logger LOG = LoggerFactory.getLogger(MySqlConnections.class);
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
    /** sql_mode flags under which our quoting or operators would mean something else. */
    private static final java.util.Set<String> MODES_REMOVED = java.util.Set.of("ANSI_QUOTES", "NO_BACKSLASH_ESCAPES",
            "PIPES_AS_CONCAT", "ANSI", "HIGH_NOT_PRECEDENCE", "REAL_AS_FLOAT", "ORACLE", "MSSQL", "DB2", "POSTGRESQL",
            "MAXDB", "EMPTY_STRING_IS_NULL", "SIMULTANEOUS_ASSIGNMENT");

    private MySqlConnections() {
    }

    /**
     * A read-only session on the schema's database, admitted by this JVM's connection budget for the
     * server; a secret's password MySQL rejects is fetched again once.
     */
    static Connection open(ExternalSchema schema) {
        return ConnectionAdmission.open(schema, MySqlErrors::isOutOfConnections, () -> openSession(schema));
    }

    /**
     * The session a scan keeps for its table lock, admitted with a connection for each of its splits:
     * it unlocks only once all of them have opened their snapshots.
     */
    static Connection openHolder(ExternalSchema schema, int splits) {
        return ConnectionAdmission.openHolder(schema, splits, MySqlErrors::isOutOfConnections, () -> openSession(schema));
    }

    private static Connection openSession(ExternalSchema schema) {
        Driver driver = driver(schema);
        Connection connection;
        try {
            connection = connect(driver, schema, LoginResolver.login(schema.describe(), schema.credentials(), schema.host(), schema.port()));
        } catch (SQLException e) {
            if (e.getErrorCode() != MySqlErrors.ACCESS_DENIED || !schema.credentials().usesAws()) {
                throw MySqlErrors.onConnect(schema, e);
            }
            LOG.info("{}: the server rejected the cached login of {}; fetching it again", schema.describe(),
                    schema.credentials().describeUser());
            try {
                connection = connect(driver, schema, LoginResolver.refresh(schema.describe(), schema.credentials(), schema.host(), schema.port()));
            } catch (SQLException again) {
                throw MySqlErrors.onConnect(schema, again);
            }
        }
        try {
            prepareSession(schema, connection);
            return connection;
        } catch (SQLException e) {
            JdbcSessions.closeQuietly(connection);
            throw MySqlErrors.onQuery(schema, "preparing the session", e);
        } catch (RuntimeException e) {
            JdbcSessions.closeQuietly(connection);
            throw e;
        }
    }

    private static Driver driver(ExternalSchema schema) {
        try {
            return (Driver) Class.forName(DRIVER_CLASS).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new FederatedException(schema.describe() + ": MySQL Connector/J is not on the classpath (the bundle"
                    + " leaves it out: its licence is GPLv2 with the Universal FOSS Exception); add it, e.g."
                    + " spark-submit --packages " + DRIVER_PACKAGE, e);
        } catch (ReflectiveOperationException e) {
            throw new FederatedException(schema.describe() + ": cannot load MySQL Connector/J: " + e, e);
        }
    }

    private static Connection connect(Driver driver, ExternalSchema schema, DatabaseLogin login) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", login.user());
        props.setProperty("password", login.password());
        props.setProperty("connectTimeout", Integer.toString(schema.connectTimeoutSeconds() * 1000));
        props.setProperty("socketTimeout", Integer.toString(schema.scan().socketTimeoutSeconds() * 1000)); // 0: none
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("sslMode", sslMode(schema.sslMode()));
        MySqlTrustStore.apply(schema, props);
        props.setProperty("characterEncoding", "UTF-8");
        props.setProperty("characterSetResults", "UTF-8");
        props.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        props.setProperty("tinyInt1isBit", "false");
        props.setProperty("useServerPrepStmts", "false");
        props.setProperty("useCursorFetch", "false");
        props.setProperty("allowLoadLocalInfile", "false");
        props.setProperty("connectionAttributes", "program_name:" + JdbcSessions.APPLICATION_NAME);
        if (schema.credentials().iamAuth()) {
            props.setProperty("defaultAuthenticationPlugin", "mysql_clear_password"); // the token, over TLS only
        }
        String host = schema.host().contains(":") && !schema.host().startsWith("[") ? "[" + schema.host() + "]" : schema.host();
        String url = "jdbc:mysql://" + host + ":" + schema.port() + "/"
                + java.net.URLEncoder.encode(schema.database(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        Connection c = driver.connect(url, props);
        if (c == null) {
            throw new FederatedException(schema.describe() + ": MySQL Connector/J did not accept the connection URL");
        }
        return c;
    }

    /** Our sslmode names (PostgreSQL's, as Redshift's DDL uses) in Connector/J's terms. */
    static String sslMode(String mode) {
        if (mode == null) {
            return "PREFERRED";
        }
        return switch (mode) {
            case "disable" -> "DISABLED";
            case "allow", "prefer" -> "PREFERRED";
            case "require" -> "REQUIRED";
            case "verify-ca" -> "VERIFY_CA";
            default -> "VERIFY_IDENTITY";
        };
    }

    private static void prepareSession(ExternalSchema schema, Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            String version;
            String sqlMode;
            try (ResultSet rs = s.executeQuery("SELECT VERSION(), @@SESSION.sql_mode")) {
                rs.next();
                version = rs.getString(1);
                sqlMode = rs.getString(2);
            }
            checkVersion(schema, version);
            String kept = Arrays.stream(sqlMode == null ? new String[0] : sqlMode.split(","))
                    .filter(m -> !m.isBlank() && !MODES_REMOVED.contains(m.trim())).collect(Collectors.joining(","));
            int lockWait = schema.scan().lockTimeoutSeconds() == 0 ? 31_536_000 : schema.scan().lockTimeoutSeconds();
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            s.execute("SET SESSION time_zone = '+00:00', SESSION sql_mode = "
                    + MySqlDialect.INSTANCE.quoteStringLiteral(kept) + ", SESSION lock_wait_timeout = " + lockWait
                    + statementTimeout(schema, version));
        }
    }

    /**
     * The session's limit on a statement's run time, when statement_timeout is set (0 keeps the
     * server's own): MySQL's max_execution_time (ms, SELECTs), MariaDB's max_statement_time (s).
     */
    private static String statementTimeout(ExternalSchema schema, String version) {
        int seconds = schema.scan().statementTimeoutSeconds();
        if (seconds == 0) {
            return "";
        }
        return isMariaDb(version) ? ", SESSION max_statement_time = " + seconds
                : ", SESSION max_execution_time = " + seconds * 1000L;
    }

    static boolean isMariaDb(String version) {
        return version.toLowerCase(java.util.Locale.ROOT).contains("mariadb");
    }

    /** MySQL 8.0+ (Aurora MySQL 3 reports 8.0.mysql_aurora.…) or MariaDB 10.6+. */
    static void checkVersion(ExternalSchema schema, String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            throw new FederatedException(schema.describe() + ": cannot read the server version from '" + version + "'");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        boolean mariaDb = isMariaDb(version);
        boolean supported = mariaDb ? major > 10 || (major == 10 && minor >= 6) : major >= 8;
        if (!supported) {
            throw new FederatedException(schema.describe() + ": " + (mariaDb ? "MariaDB " : "MySQL ") + version
                    + " is not supported; spark-federated reads MySQL 8.0+ (RDS, Aurora MySQL 3) and MariaDB 10.6+"
                    + " (upgrade the server, or read it with Spark's JDBC source)");
        }
    }
}
