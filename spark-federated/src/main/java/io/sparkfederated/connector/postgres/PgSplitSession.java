package io.sparkfederated.connector.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.exec.FederatedInputPartition;
import io.sparkfederated.connector.jdbc.JdbcSessions;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;

/**
 * Opens the session a split reads in: on the server that exported the query's snapshot, inside that
 * snapshot; or, reading the current state, after checking the columns its plan assumes.
 *
 * <p>Behind a reader endpoint or a proxy, one host name leads to several servers, and a snapshot id
 * means nothing on another server (it may even name some other snapshot there). So the split first
 * asks which server it reached, connects again a few times to reach the exporting one, and otherwise
 * fails saying what to do: it never reads another server's state as if it were the query's.
 */
final class PgSplitSession {

    private static final Logger LOG = LoggerFactory.getLogger(PgSplitSession.class);
    /** Connections tried to reach the exporting server (each new one may land elsewhere). */
    static final int ATTEMPTS_TO_REACH_EXPORTER = 8;

    private PgSplitSession() {
    }

    static Connection open(FederatedInputPartition split) {
        ExternalSchema schema = split.schema();
        PgSplitContext context = (PgSplitContext) split.engineContext();
        String reached = null;
        for (int attempt = 1; attempt <= ATTEMPTS_TO_REACH_EXPORTER; attempt++) {
            Connection c = PostgresConnections.open(schema);
            try {
                if (context == null || context.snapshotId() == null) {
                    checkColumns(c, context, schema);
                    return c;
                }
                reached = serverOf(c);
                if (reached.equals(context.server())) {
                    joinSnapshot(c, split, context);
                    return c;
                }
                if (sameAddress(reached, context.server())) {
                    throw new FederatedException(schema.describe() + ": the server restarted (or failed over) after the"
                            + " query's snapshot was exported (the server now: " + reached + "; when the snapshot was"
                            + " exported: " + context.server() + "), and the snapshot ended with it; run the query again (a DataFrame: build it again)");
                }
                LOG.debug("{}: split connection {} reached {}, not the snapshot's server {}", schema.describe(), attempt,
                        reached, context.server());
            } catch (SQLException e) {
                JdbcSessions.closeQuietly(c);
                throw PostgresErrors.onRead(schema, e);
            } catch (RuntimeException e) {
                JdbcSessions.closeQuietly(c);
                throw e;
            }
            JdbcSessions.closeQuietly(c);
        }
        throw new FederatedException(schema.describe() + ": " + ATTEMPTS_TO_REACH_EXPORTER + " connections of a split"
                + " reached another server (" + reached + ") than the one that exported the query's snapshot ("
                + context.server() + "): '" + schema.host() + "' leads to several servers (an Aurora or RDS reader"
                + " endpoint, a proxy), and a snapshot can only be read on the server that exported it. Use an instance"
                + " endpoint (the writer's, or one reader instance's), or set consistent_snapshot=false to let each split"
                + " read the current state of whichever server it reaches");
    }

    /** Whether two server identities ("start time at address:port") name one address: a restart, not another replica. */
    static boolean sameAddress(String server, String other) {
        int a = server.lastIndexOf(" at ");
        int b = other.lastIndexOf(" at ");
        return a >= 0 && b >= 0 && server.substring(a).equals(other.substring(b));
    }

    private static String serverOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + PostgresCatalogQueries.SERVER_IDENTITY)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Imports the query's snapshot on its server. When it is gone there because its query already ended
     * (a plan run again, an RDD taken from a DataFrame and used later), a first attempt reads the current
     * state with a warning, as a new query would; a retry fails instead, since it could not see what the
     * failed attempt saw.
     */
    private static void joinSnapshot(Connection c, FederatedInputPartition split, PgSplitContext context) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            try {
                String set = "SET TRANSACTION SNAPSHOT " + PostgresDialect.INSTANCE.quoteStringLiteral(context.snapshotId());
                RemoteStatementLog.call(split.schema(), RemoteStatement.Method.SNAPSHOT, set, () -> s.execute(set));
            } catch (SQLException e) {
                if (!PostgresErrors.isSnapshotGone(e)) {
                    throw e;
                }
                s.execute("ROLLBACK");
                // a plan older than a change of the table says so, also on a retry
                checkColumns(c, context, split.schema());
                TaskContext task = TaskContext.get();
                if (task != null && task.attemptNumber() > 0) {
                    throw e;
                }
                LOG.warn("{}: the snapshot this plan was made with is gone (its query ended); reading this split at the"
                        + " current state{}", split.schema().describe(), split.soleSplit() ? ""
                        : ", so the splits of this re-run may see different states; build the DataFrame again for one state");
            }
        }
    }

    /** Reading the current state, not the snapshot the driver checked: the split checks the columns itself. */
    private static void checkColumns(Connection c, PgSplitContext context, ExternalSchema schema) throws SQLException {
        if (context != null && context.columns() != null) {
            context.columns().verify(c, schema);
        }
    }
}
