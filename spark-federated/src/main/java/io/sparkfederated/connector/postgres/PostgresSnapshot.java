package io.sparkfederated.connector.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.connector.jdbc.JdbcSessions;
import io.sparkfederated.exec.LoggedStatement;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;

/**
 * The driver's side of a query on one database, as Redshift's leader does it: one transaction, open
 * until the query ends, that holds an {@code ACCESS SHARE} lock on every relation the query reads (so
 * a TRUNCATE, VACUUM FULL, CLUSTER or ALTER TABLE waits for the query instead of moving rows under the
 * planned ctid ranges) and, with {@code consistent_snapshot}, a {@code REPEATABLE READ} snapshot
 * exported ({@code pg_export_snapshot()}) for every split to import. It is also the connection split
 * planning uses, so the plan and the data agree. Where export is refused the snapshot id is null and
 * splits read the current state, with a warning.
 */
final class PostgresSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSnapshot.class);
    /** Relation kinds LOCK TABLE takes (a view: with the relations it reads; a partitioned table: with its partitions). */
    private static final Set<String> LOCKABLE = Set.of("TABLE", "PARTITIONED TABLE", "VIEW");

    private final ExternalSchema schema;
    private final Connection connection;
    private final String snapshotId;
    private final String server;
    /** The splits planned for each scan (by its SQL) of the query on this database. */
    private final Map<String, List<PgSplit>> plannedSplits = new HashMap<>();
    /** The scans (by their SQL) whose relations this transaction has locked and checked. */
    private final Set<String> prepared = new HashSet<>();

    private PostgresSnapshot(ExternalSchema schema, Connection connection, String snapshotId, String server) {
        this.schema = schema;
        this.connection = connection;
        this.snapshotId = snapshotId;
        this.server = server;
    }

    /**
     * Opens the query's transaction on the database of {@code first}, locking its relation before the
     * snapshot is taken (LOCK TABLE does not take one), so no rewrite can come between them.
     */
    static PostgresSnapshot open(ExternalSchema schema, RemoteQuery first) {
        boolean export = schema.scan().consistentSnapshot();
        Connection c = PostgresConnections.openHolder(schema);
        try (Statement s = c.createStatement()) {
            begin(schema, s, first, export);
            if (!export) {
                return new PostgresSnapshot(schema, c, null, null);
            }
            String exportSql = "SELECT pg_catalog.pg_export_snapshot(), " + PostgresCatalogQueries.SERVER_IDENTITY;
            LoggedStatement exported = RemoteStatementLog.start(schema, RemoteStatement.Method.SNAPSHOT, exportSql);
            try (ResultSet rs = s.executeQuery(exportSql)) {
                rs.next();
                exported.snapshot(rs.getString(1)).finish(1L, null);
                return new PostgresSnapshot(schema, c, rs.getString(1), rs.getString(2));
            } catch (SQLException e) {
                exported.failed(e);
                exported.finish();
                // the failed export aborted the transaction (and its lock); planning still wants one
                s.execute("ROLLBACK");
                begin(schema, s, first, true);
                LOG.warn("{}: the server refused to export a snapshot ({}); the splits of this query read without"
                        + " a shared snapshot and may see different states. Set consistent_snapshot=false to"
                        + " silence this warning.", schema.describe(), e.getMessage());
                return new PostgresSnapshot(schema, c, null, null);
            }
        } catch (SQLException e) {
            JdbcSessions.closeQuietly(c);
            throw PostgresErrors.onLock(schema, first.table().relation().displayName(), e);
        } catch (RuntimeException e) {
            JdbcSessions.closeQuietly(c);
            throw e;
        }
    }

    private static void begin(ExternalSchema schema, Statement s, RemoteQuery first, boolean repeatableRead) throws SQLException {
        s.execute(repeatableRead ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN READ ONLY");
        String lock = lockTable(first.table().relation());
        if (lock != null) {
            RemoteStatementLog.call(schema, RemoteStatement.Method.SNAPSHOT, lock, () -> s.execute(lock));
        }
    }

    /** LOCK TABLE for a named relation it takes, else null. */
    private static String lockTable(RemoteRelation relation) {
        if (relation.isQuery() || !LOCKABLE.contains(relation.kind())) {
            return null;
        }
        PostgresDialect d = PostgresDialect.INSTANCE;
        return "LOCK TABLE " + d.quoteIdentifier(relation.schema()) + "." + d.quoteIdentifier(relation.table())
                + " IN ACCESS SHARE MODE";
    }

    /**
     * Before a scan is planned: locks what it reads (LOCK TABLE, or EXPLAIN, which locks every relation a
     * query, join or materialized view reads until the transaction ends), fails if any was rewritten
     * after the snapshot, and checks that the columns are still those the plan was built on.
     */
    synchronized void prepare(RemoteQuery query, String sql) {
        if (prepared.contains(sql)) {
            return;
        }
        String relation = query.table().relation().displayName();
        try (Statement s = connection.createStatement()) {
            String lock = lockTable(query.table().relation());
            String locking = lock != null ? lock : "EXPLAIN " + sql;
            RemoteStatementLog.call(schema, RemoteStatement.Method.SNAPSHOT, locking, () -> s.execute(locking));
            if (snapshotId != null) {
                List<String> rewritten = new ArrayList<>();
                try (ResultSet rs = s.executeQuery(PostgresCatalogQueries.REWRITTEN_SINCE_SNAPSHOT)) {
                    while (rs.next()) {
                        rewritten.add(rs.getString(1));
                    }
                }
                if (!rewritten.isEmpty()) {
                    throw new FederatedException(schema.describe() + ": " + String.join(", ", rewritten) + " was rewritten"
                            + " (TRUNCATE, VACUUM FULL, CLUSTER, ALTER TABLE or REFRESH MATERIALIZED VIEW) after this"
                            + " query's snapshot was taken, so its rows are not that snapshot's; run the query again");
                }
            }
            PgColumnCheck check = PgColumnCheck.of(query);
            if (check != null) {
                check.verify(connection, schema);
            }
            prepared.add(sql);
        } catch (SQLException e) {
            throw PostgresErrors.onLock(schema, relation, e);
        }
    }

    /** The exported snapshot, or null when none was exported. */
    String snapshotId() {
        return snapshotId;
    }

    /** The identity of the server that exported the snapshot, or null. */
    String server() {
        return server;
    }

    /**
     * The splits of a scan, planned once per query (Spark may ask again for the same scan) with what
     * is left of the query's connection cap on this database (at least one split per scan).
     */
    synchronized List<PgSplit> splits(String scanKey, int cap, IntFunction<List<PgSplit>> planner) {
        List<PgSplit> known = plannedSplits.get(scanKey);
        if (known != null) {
            return known;
        }
        int used = plannedSplits.values().stream().mapToInt(s -> Math.max(1, s.size())).sum();
        List<PgSplit> splits = planner.apply(Math.max(1, cap - used));
        plannedSplits.put(scanKey, splits);
        return splits;
    }

    /** The connection inside the query's transaction, for planning queries. */
    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the session may already be gone; closing it ends the transaction anyway
        }
        JdbcSessions.closeQuietly(connection);
    }

    @Override
    public String toString() {
        return "PostgresSnapshot[" + snapshotId + "]";
    }
}
