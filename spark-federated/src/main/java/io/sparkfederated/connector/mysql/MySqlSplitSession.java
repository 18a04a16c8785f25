package io.sparkfederated.connector.mysql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.sparkfederated.FederatedException;
import io.sparkfederated.connector.jdbc.JdbcSessions;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.exec.FederatedInputPartition;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;

/**
 * Opens the session a split reads in: a {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}. When the
 * scan shares one snapshot, the split then checks that the driver's named lock is still held: the
 * driver takes it after {@code LOCK TABLES … READ} on the scanned tables and gives it up before
 * unlocking them, and it is taken once per scan, before any split exists. So "held after my snapshot
 * opened" means no write to those tables committed between any two splits' snapshots. Then the split
 * announces itself with a named lock of its own, which is how the driver knows when to unlock.
 */
final class MySqlSplitSession {

    private MySqlSplitSession() {
    }

    static Connection open(FederatedInputPartition split) {
        ExternalSchema schema = split.schema();
        MySqlSplitContext context = (MySqlSplitContext) split.engineContext();
        Connection c = MySqlConnections.open(schema);
        try (Statement s = c.createStatement()) {
            String start = "START TRANSACTION WITH CONSISTENT SNAPSHOT";
            RemoteStatementLog.call(schema, RemoteStatement.Method.SNAPSHOT, start, () -> s.execute(start));
            if (context != null && context.scanLock() != null) {
                MySqlDialect d = MySqlDialect.INSTANCE;
                try (ResultSet rs = s.executeQuery("SELECT IS_USED_LOCK(" + d.quoteStringLiteral(context.scanLock())
                        + "), GET_LOCK(" + d.quoteStringLiteral(context.openedLock()) + ", 0)")) {
                    rs.next();
                    if (rs.getObject(1) == null) {
                        throw new FederatedException(schema.describe() + ": this split started after the scan's other"
                                + " splits had opened their shared snapshot and the tables were unlocked (a retried task,"
                                + " a split that started later than 'lock_timeout' after planning, or a host name that"
                                + " leads to another server than the driver's, such as a reader endpoint), so it cannot"
                                + " read the state they read; run the query again, give the job as many task slots as the"
                                + " scan has splits, or set consistent_snapshot=false to let each split read at its own moment");
                    }
                }
            }
            return c;
        } catch (SQLException e) {
            JdbcSessions.closeQuietly(c);
            throw MySqlErrors.onQuery(schema, "opening a split's snapshot", e);
        } catch (RuntimeException e) {
            JdbcSessions.closeQuietly(c);
            throw e;
        }
    }
}
