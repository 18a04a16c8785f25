package io.sparkfederated.connector.postgres;

import java.sql.SQLException;
import java.util.Set;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.connector.jdbc.JdbcTimeouts;
import io.sparkfederated.connector.pgfamily.PgFamilySumRule;

/**
 * Turns PostgreSQL driver errors into messages that name the external schema and what to fix.
 * SQLSTATE codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
final class PostgresErrors {

    /** lock_not_available: lock_timeout ran out. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** undefined_column, undefined_function (operators too), datatype_mismatch: what a changed column causes. */
    private static final Set<String> TABLE_CHANGED = Set.of("42703", "42883", "42804");
    /** query_canceled: by statement_timeout (its message says so) or by a cancel request. */
    private static final String QUERY_CANCELED = "57014";

    private PostgresErrors() {
    }

    /** too_many_connections: max_connections reached (or only reserved slots left). */
    static boolean isOutOfConnections(SQLException e) {
        return "53300".equals(e.getSQLState());
    }

    static FederatedException onConnect(ExternalSchema schema, SQLException e) {
        if (JdbcTimeouts.socketTimedOut(schema, e)) {
            return new FederatedException(JdbcTimeouts.noAnswer(schema, "logging in"), e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = schema.describe();
        String message = switch (state) {
            case "28P01" -> where + ": password authentication failed for " + schema.credentials().describeUser()
                    + (schema.credentials().usesSecret() ? ", also after fetching the secret again; check the secret's"
                    + " 'username' and 'password' (or finish its rotation)"
                    : schema.credentials().iamAuth() ? " with an RDS IAM token; grant the database user the rds_iam role, and"
                    + " the IAM identity rds-db:connect on it (check 'region' and 'iam_role')"
                    : "; check the 'user' and 'password' options");
            case "28000" -> where + ": the server rejected " + schema.credentials().describeUser()
                    + " (no pg_hba.conf entry, TLS required, or the role cannot log in); check the user, 'sslmode' and the"
                    + " server's access rules";
            case "3D000" -> where + ": database '" + schema.database() + "' does not exist on the server; check the 'database' option";
            case "53300" -> where + ": the server has no free connections (too many clients); retry later or raise max_connections";
            case "57P03" -> where + ": the server is starting up or shutting down; retry later";
            default -> firstLine(e).startsWith("SSL error") || firstLine(e).contains("does not support SSL")
                    ? where + ": TLS failed (" + firstLine(e) + "); check 'sslmode' and 'sslrootcert' (the CA bundle that"
                    + " signed the server's certificate, e.g. the RDS bundle; verify-full also checks the host name)"
                    : state.startsWith("08")
                    ? where + ": cannot connect to " + schema.host() + ":" + schema.port() + " within "
                    + schema.connectTimeoutSeconds() + " s (" + firstLine(e) + "); check 'uri' and 'port', that the"
                    + " server accepts TCP connections from this host (security groups, pg_hba.conf), or raise 'connect_timeout'"
                    : where + ": cannot connect: " + firstLine(e) + " (SQLSTATE " + state + ")";
        };
        return new FederatedException(message, e);
    }

    static FederatedException onQuery(ExternalSchema schema, String action, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = schema.describe();
        if (JdbcTimeouts.socketTimedOut(schema, e)) {
            return new FederatedException(JdbcTimeouts.noAnswer(schema, action), e);
        }
        if (QUERY_CANCELED.equals(state) && firstLine(e).contains("statement timeout")) {
            return new FederatedException(JdbcTimeouts.statementTimedOut(schema, action, firstLine(e)), e);
        }
        String message = switch (state) {
            case "42501" -> where + ": permission denied while " + action + " (" + firstLine(e) + "); grant "
                    + schema.credentials().describeUser() + " USAGE on the schema and SELECT on the table";
            case "42P01" -> where + ": relation not found while " + action + " (" + firstLine(e)
                    + "); it may have been dropped or renamed";
            case "25006" -> where + ": the remote session is read-only; external schemas never write (" + firstLine(e) + ")";
            case "57P01", "57P02" -> where + ": the server ended the session while " + action + " (" + firstLine(e)
                    + "): it was restarted, failed over, or an administrator terminated the session; run the query again";
            default -> firstLine(e).startsWith("SSL error") || firstLine(e).contains("does not support SSL")
                    ? where + ": TLS failed (" + firstLine(e) + "); check 'sslmode' and 'sslrootcert' (the CA bundle that"
                    + " signed the server's certificate, e.g. the RDS bundle; verify-full also checks the host name)"
                    : state.startsWith("08")
                    ? where + ": lost the connection while " + action + " (" + firstLine(e) + ")"
                    : where + ": " + action + " failed: " + firstLine(e) + " (SQLSTATE " + state + ")";
        };
        return new FederatedException(message, e);
    }

    /** Errors while the query's transaction locks, checks or plans a scan of a relation. */
    static FederatedException onLock(ExternalSchema schema, String relation, SQLException e) {
        if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            return new FederatedException(schema.describe() + ": waited " + schema.scan().lockTimeoutSeconds()
                    + " s (lock_timeout) for a read lock on " + relation + ": another session holds an exclusive lock on"
                    + " it (TRUNCATE, VACUUM FULL, CLUSTER, ALTER TABLE, REFRESH MATERIALIZED VIEW, DROP); run the query"
                    + " when that has finished, or raise 'lock_timeout' (0 waits without bound)", e);
        }
        return onQuery(schema, "locking " + relation + " for the query", e);
    }

    /**
     * Errors while a split reads: a lost snapshot, a lock wait, a changed remote table and an
     * overflowing sum get their own explanation.
     */
    static FederatedException onRead(ExternalSchema schema, SQLException e) {
        String overflow = sumOverflow(e);
        if (overflow != null) {
            return new FederatedException(schema.describe() + ": " + overflow + " (the sum, computed in PostgreSQL, fails as"
                    + " Spark's does under spark.sql.ansi.enabled=true, SQLSTATE 22003; set it to false for Spark's NULL"
                    + " instead. try_sum and try_avg fail here too: pushed down, they cannot be told from sum and avg)", e);
        }
        if (NUMERIC_OVERFLOW.equals(e.getSQLState()) && firstLine(e).contains("numeric field overflow")) {
            return new FederatedException(schema.describe() + ": [NUMERIC_VALUE_OUT_OF_RANGE] a decimal value computed in"
                    + " PostgreSQL (pushed-down arithmetic) does not fit Spark's result type, where Spark's own evaluation"
                    + " fails too under spark.sql.ansi.enabled=true (SQLSTATE 22003)", e);
        }
        if (isSnapshotGone(e)) {
            return new FederatedException(schema.describe() + ": the query's shared snapshot is gone (its driver-side"
                    + " session was terminated), so a retried split cannot read the state the others read; run the query"
                    + " again, or set consistent_snapshot=false to read without a shared snapshot", e);
        }
        if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            return new FederatedException(schema.describe() + ": a split waited " + schema.scan().lockTimeoutSeconds()
                    + " s (lock_timeout) for a read lock: another session's TRUNCATE, VACUUM FULL, CLUSTER or ALTER TABLE"
                    + " of a table this query reads is waiting for the query to end, and the splits still to start queue"
                    + " behind it; the query stops so that it can run: run the query again after it", e);
        }
        if (TABLE_CHANGED.contains(e.getSQLState())) {
            return new FederatedException(schema.describe() + ": the remote table no longer matches the metadata this"
                    + " query was planned with (" + firstLine(e) + "): it was altered after its columns were read; run"
                    + " REFRESH TABLE on it (a catalog table) or load the DataFrame again (format(\"federated\"))", e);
        }
        return onQuery(schema, "reading a split", e);
    }

    /** A value that does not fit its numeric(p,s): pushed decimal arithmetic cast to Spark's result type. */
    private static final String NUMERIC_OVERFLOW = "22003";

    /** Starts the text of the error a pushed-down sum raises when it does not fit (see PgFamilySumRule). */
    static final String SUM_OVERFLOW = PgFamilySumRule.OVERFLOW_MARK;

    /**
     * The message of a pushed-down sum that did not fit its type, or null. PostgreSQL reports it as the
     * text that failed to parse as a number: {@code invalid input syntax for type numeric: "<text>"}.
     */
    static String sumOverflow(SQLException e) {
        String line = firstLine(e);
        int at = line.indexOf('"' + SUM_OVERFLOW);
        int end = line.lastIndexOf('"');
        return "22P02".equals(e.getSQLState()) && at >= 0 && end > at ? line.substring(at + 1 + SUM_OVERFLOW.length(), end) : null;
    }

    /** SET TRANSACTION SNAPSHOT of a snapshot whose exporting transaction has ended. */
    static boolean isSnapshotGone(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return ("22023".equals(e.getSQLState()) || "42704".equals(e.getSQLState())) && message.contains("snapshot");
    }

    private static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
