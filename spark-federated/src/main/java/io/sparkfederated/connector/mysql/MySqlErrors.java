package io.sparkfederated.connector.mysql;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.connector.jdbc.JdbcTimeouts;

/**
 * Turns MySQL / MariaDB driver errors into messages that name the external schema and what to fix.
 * Codes: MySQL's server error reference (1045 access denied, 1049 unknown database, …).
 */
final class MySqlErrors {

    static final int ACCESS_DENIED = 1045;
    static final int LOCK_WAIT_TIMEOUT = 1205;
    /** max_execution_time (MySQL 3024) or max_statement_time (MariaDB 1969) ran out: statement_timeout. */
    private static final java.util.Set<Integer> STATEMENT_TIMEOUT = java.util.Set.of(3024, 1969);
    /**
     * BIGINT out of range: what a zero date raises under zero_dates=fail ({@link MySqlTypeMapping}), and a
     * pushed sum that does not fit Spark's type under ANSI mode ({@link MySqlSumRule}).
     */
    static final int OUT_OF_RANGE = 1690;
    /** The column in MySQL's text of the failing expression: {@code cast(`db`.`t`.`col` as char …)}. */
    private static final Pattern CAST_COLUMN =
            Pattern.compile("(?i)`((?:[^`]|``)*)`\\s+as\\s+char");

    /** The sum in MySQL's text of a pushed sum's overflow branch ({@link MySqlSumRule}); a zero date's names a cast. */
    private static final Pattern SUM = Pattern.compile("(?i)" + Pattern.quote(MySqlSumRule.OVERFLOW) + "\\((sum\\(.*\\)) is not null\\)");

    private MySqlErrors() {
    }

    /**
     * Too many connections (max_connections), or too many of this user's (the max_user_connections
     * variable: 1203; the account's MAX_USER_CONNECTIONS: 1226, which also reports hourly limits).
     */
    static boolean isOutOfConnections(SQLException e) {
        return e.getErrorCode() == 1040 || e.getErrorCode() == 1203
                || e.getErrorCode() == 1226 && String.valueOf(e.getMessage()).contains("'max_user_connections'");
    }

    static FederatedException onConnect(ExternalSchema schema, SQLException e) {
        if (JdbcTimeouts.socketTimedOut(schema, e)) {
            return new FederatedException(JdbcTimeouts.noAnswer(schema, "logging in"), e);
        }
        String where = schema.describe();
        String message = switch (e.getErrorCode()) {
            case ACCESS_DENIED -> where + ": access denied for " + schema.credentials().describeUser()
                    + (schema.credentials().usesSecret() ? "; check the secret's 'username' and 'password' (or finish its rotation)"
                    : schema.credentials().iamAuth() ? " with an RDS IAM token; create the user WITH AWSAuthenticationPlugin"
                    + " and grant the IAM identity rds-db:connect on it"
                    : "; check the 'user' and 'password' options, and that the account may connect from this host");
            case 1044 -> where + ": " + schema.credentials().describeUser() + " may not use database '" + schema.database()
                    + "'; grant it SELECT on " + schema.database() + ".*";
            case 1049 -> where + ": database '" + schema.database() + "' does not exist on the server; check the 'database' option";
            case 1040, 1203 -> where + ": the server has no free connections (too many connections); retry later, raise"
                    + " max_connections on the server, or lower 'max_connections' here";
            default -> isTls(e)
                    ? where + ": TLS failed (" + firstLine(e) + "); check 'sslmode' (require, verify-ca or verify-full) and"
                    + " 'sslrootcert' (a PEM file with the CA that signed the server's certificate, e.g. the RDS bundle;"
                    + " without it, this JVM's trust store)"
                    : isLinkFailure(e)
                    ? where + ": cannot connect to " + schema.host() + ":" + schema.port() + " within "
                    + schema.connectTimeoutSeconds() + " s (" + firstLine(e) + "); check 'uri' and 'port', that the server"
                    + " accepts TCP connections from this host (security groups, bind-address), or raise 'connect_timeout'"
                    : where + ": cannot connect: " + firstLine(e) + " (error " + e.getErrorCode() + ")";
        };
        return new FederatedException(message, e);
    }

    static FederatedException onQuery(ExternalSchema schema, String action, SQLException e) {
        String where = schema.describe();
        Matcher sum = SUM.matcher(firstLine(e));
        if (e.getErrorCode() == OUT_OF_RANGE && sum.find()) {
            return new FederatedException(where + ": [ARITHMETIC_OVERFLOW] " + sum.group(1).replaceAll("`(?:[^`]|``)*`\\.", "")
                    + " does not fit its Spark type (bigint, or the decimal sum's). If necessary set"
                    + " \"spark.sql.ansi.enabled\" to \"false\" to bypass this error (" + firstLine(e) + ")", e);
        }
        if (e.getErrorCode() == OUT_OF_RANGE && MySqlReadOptions.of(schema).failOnZeroDates()) {
            return new FederatedException(zeroDate(where, e), e);
        }
        if (JdbcTimeouts.socketTimedOut(schema, e)) {
            return new FederatedException(JdbcTimeouts.noAnswer(schema, action), e);
        }
        if (STATEMENT_TIMEOUT.contains(e.getErrorCode())) {
            return new FederatedException(JdbcTimeouts.statementTimedOut(schema, action, firstLine(e)), e);
        }
        String message = switch (e.getErrorCode()) {
            case 1142, 1143, 1044 -> where + ": permission denied while " + action + " (" + firstLine(e) + "); grant "
                    + schema.credentials().describeUser() + " SELECT on the table (or " + schema.database() + ".*)";
            case 1146 -> where + ": table not found while " + action + " (" + firstLine(e) + "); it may have been dropped or renamed";
            case 1054 -> where + ": the remote table no longer matches the metadata this query was planned with ("
                    + firstLine(e) + "); run REFRESH TABLE on it, or load the DataFrame again";
            case 1792 -> where + ": the remote session is read-only; external schemas never write (" + firstLine(e) + ")";
            case LOCK_WAIT_TIMEOUT -> where + ": waited " + schema.scan().lockTimeoutSeconds() + " s (lock_timeout) while "
                    + action + ": another session holds a conflicting lock (a long write transaction, ALTER TABLE, LOCK"
                    + " TABLES … WRITE); retry when it has finished, or raise 'lock_timeout'";
            default -> isLinkFailure(e) ? where + ": lost the connection while " + action + " (" + firstLine(e) + ")"
                    : where + ": " + action + " failed: " + firstLine(e) + " (error " + e.getErrorCode() + ")";
        };
        return new FederatedException(message, e);
    }

    private static boolean isTls(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || String.valueOf(t.getMessage()).contains("SSL")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLinkFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    /** The zero date's column, as MySQL's message names it, and what to do. */
    static String zeroDate(String where, SQLException e) {
        Matcher m = CAST_COLUMN.matcher(firstLine(e));
        String column = m.find() ? "column '" + m.group(1).replace("``", "`") + "'" : "a date or time column";
        return where + ": " + column + " holds a zero or partly-zero date (such as '0000-00-00' or '2024-00-15'),"
                + " which zero_dates=fail refuses; set zero_dates=null to read such dates as NULL (" + firstLine(e) + ")";
    }

    static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
