package io.sparkfederated.connector.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparkfederated.catalog.ExternalSchema;

/**
 * The driver's side of a consistent read, as Redshift does it: a {@code REPEATABLE READ READ ONLY}
 * transaction whose snapshot is exported ({@code pg_export_snapshot()}) so that every split imports
 * it. It stays open until the query ends, and is also the connection split planning uses, so the
 * plan and the data agree. Where export is refused (e.g. some read replicas) the snapshot id is
 * null and splits read the current state, with a warning.
 */
final class PostgresSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSnapshot.class);

    private final Connection connection;
    private final String snapshotId;
    /** The splits planned for each scan (by its SQL) of the query on this database. */
    private final Map<String, List<PgSplit>> plannedSplits = new HashMap<>();

    private PostgresSnapshot(Connection connection, String snapshotId) {
        this.connection = connection;
        this.snapshotId = snapshotId;
    }

    static PostgresSnapshot open(ExternalSchema schema) {
        Connection c = PostgresConnections.open(schema);
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            try (ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_export_snapshot()")) {
                rs.next();
                return new PostgresSnapshot(c, rs.getString(1));
            } catch (SQLException e) {
                // the failed export aborted the transaction; planning still wants one
                s.execute("ROLLBACK");
                s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
                LOG.warn("{}: the server refused to export a snapshot ({}); the splits of this query read without"
                        + " a shared snapshot and may see different states. Set consistent_snapshot=false to"
                        + " silence this warning.", schema.describe(), e.getMessage());
                return new PostgresSnapshot(c, null);
            }
        } catch (SQLException e) {
            PostgresConnections.closeQuietly(c);
            throw PostgresErrors.onQuery(schema, "starting the query's snapshot transaction", e);
        }
    }

    /** The exported snapshot, or null when none could be exported. */
    String snapshotId() {
        return snapshotId;
    }

    /**
     * The splits of a scan, planned once per query (Spark may ask again for the same scan) with what
     * is left of the query's connection cap on this database (at least one split per scan).
     */
    synchronized List<PgSplit> splits(String scanKey, int cap, java.util.function.IntFunction<List<PgSplit>> planner) {
        List<PgSplit> known = plannedSplits.get(scanKey);
        if (known != null) {
            return known;
        }
        int used = plannedSplits.values().stream().mapToInt(s -> Math.max(1, s.size())).sum();
        List<PgSplit> splits = planner.apply(Math.max(1, cap - used));
        plannedSplits.put(scanKey, splits);
        return splits;
    }

    /** The connection inside the snapshot transaction, for planning queries. */
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
        PostgresConnections.closeQuietly(connection);
    }

    @Override
    public String toString() {
        return "PostgresSnapshot[" + snapshotId + "]";
    }
}
