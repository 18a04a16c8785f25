package io.sparkfederated.exec;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * One statement the connector ran on a remote database: a row of {@code svl_federated_query}, named
 * after Redshift's {@code SVL_FEDERATED_QUERY} where a column maps. The SQL is kept as sent, except
 * that the values of credential clauses (should a statement ever carry one) are masked and long key
 * arrays are abbreviated ({@link ShownSql}).
 *
 * @param executionId  Spark's SQL execution id (Redshift's {@code query}), or null outside one
 * @param jobId        the Spark job whose task ran it, or null (driver-side statements)
 * @param stageId      the Spark stage whose task ran it, or null (driver-side statements)
 * @param schemaName   the external schema
 * @param engine       the engine ({@code postgres}, {@code mysql}, {@code redshift}; Redshift's {@code sourcetype})
 * @param sql          the statement as sent (Redshift's {@code querytext})
 * @param snapshotId   the exported snapshot it read in, or null
 * @param rows         rows it returned, or null when not counted
 * @param bytes        bytes it returned, or null when not counted
 * @param startMillis  when it was sent (epoch milliseconds; Redshift's {@code recordtime})
 * @param durationMicros how long it ran until its result was read or it failed (Redshift's {@code duration})
 * @param error        the error it ended with, or null
 */
public record RemoteStatement(Long executionId, Integer jobId, Integer stageId, String schemaName, String engine,
                              String host, int port, String database, String sql, Method method, String snapshotId,
                              Long rows, Long bytes, long startMillis, long durationMicros, Status status, String error)
        implements Serializable {

    /** What the statement was for: a split's read (how it reads), or the driver's work around it. */
    public enum Method {
        /** a PostgreSQL split read by binary COPY */
        COPY,
        /** a split read through a JDBC result set */
        JDBC,
        /** a Redshift scan unloaded to S3 */
        UNLOAD,
        /** opening or importing a query's shared snapshot, or locking what it reads */
        SNAPSHOT,
        /** the remote planner's estimate (EXPLAIN) */
        ESTIMATE,
        /** split planning on the driver */
        PLAN
    }

    public enum Status { OK, FAILED, CANCELLED }

    /** The row's columns, in order, as a Spark DDL string. */
    public static final String COLUMNS = "query bigint, job_id int, stage_id int, schemaname string, sourcetype string,"
            + " host string, port int, databasename string, querytext string, read_method string, snapshot_id string,"
            + " num_rows bigint, num_bytes bigint, recordtime timestamp, duration bigint, status string, error string";

    /** The value of a credential clause (CREDENTIALS, ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, PASSWORD …). */
    private static final Pattern CREDENTIAL_CLAUSE = Pattern.compile("(?i)\\b(CREDENTIALS|ACCESS_KEY_ID|SECRET_ACCESS_KEY"
            + "|SESSION_TOKEN|MASTER_SYMMETRIC_KEY|PASSWORD|IDENTIFIED\\s+BY)(\\s*(?:AS\\s+|=\\s*)?)(\\\\?')(?:\\\\.|''|[^'\\\\])*\\3");

    /** A {@code key=value} secret inside a string (a connection string, a CREDENTIALS value). */
    private static final Pattern SECRET_PAIR = Pattern.compile("(?i)\\b(password|aws_secret_access_key|aws_session_token"
            + ")(\\s*=\\s*)[^\\s;'\\\\]+");

    public RemoteStatement {
        sql = ShownSql.of(mask(sql));
        error = mask(error);
    }

    /** {@code text} with the value of every credential clause and {@code password=…} pair replaced by {@code ***}. */
    public static String mask(String text) {
        return text == null ? null
                : SECRET_PAIR.matcher(CREDENTIAL_CLAUSE.matcher(text).replaceAll("$1$2$3***$3")).replaceAll("$1$2***");
    }

    /** This statement with the job its stage belongs to. */
    public RemoteStatement withJob(Integer job) {
        return new RemoteStatement(executionId, job, stageId, schemaName, engine, host, port, database, sql, method,
                snapshotId, rows, bytes, startMillis, durationMicros, status, error);
    }

    /** The values of {@link #COLUMNS} (a timestamp as epoch microseconds, as Spark holds it). */
    public Object[] row() {
        return new Object[] {executionId, jobId, stageId, schemaName, engine, host, port, database, sql, method.name(),
                snapshotId, rows, bytes, startMillis * 1000, durationMicros, status.name().toLowerCase(java.util.Locale.ROOT),
                error};
    }
}
