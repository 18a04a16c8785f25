package io.sparkfederated.connector.mysql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.connector.jdbc.JdbcSessions;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;

/**
 * The driver's side of one scan's shared snapshot. When the scan is planned it takes
 * {@code LOCK TABLES <table> READ} (writers wait, readers do not; it works on RDS and Aurora, which
 * refuse {@code FLUSH TABLES WITH READ LOCK}) and then a named lock ({@code GET_LOCK}) that tells the
 * splits the tables are frozen. It watches (every 20 ms) for each split's own named lock, which a split
 * takes once its snapshot is open, and unlocks as soon as all have: the tables are write-locked from
 * planning until the last split has started. After {@code lock_timeout} seconds (0: no bound) it unlocks
 * anyway, and splits that start later fail rather than read another state. It also unlocks when the
 * query ends. Outside a Spark SQL execution none is taken (the scan is then one split).
 */
final class MySqlScanLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlScanLock.class);
    private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spark-federated-mysql-lock-watch");
        t.setDaemon(true);
        return t;
    });

    private final ExternalSchema schema;
    private final Connection connection;
    private final String token;
    private final List<String> splitLocks;
    private final long lockedAtNanos;
    private final ScheduledFuture<?> watch;
    private final List<MySqlScanPlanner.Range> ranges;
    private boolean released;

    private MySqlScanLock(ExternalSchema schema, Connection connection, String token, List<MySqlScanPlanner.Range> ranges) {
        this.schema = schema;
        this.ranges = List.copyOf(ranges);
        int splits = ranges.size();
        this.connection = connection;
        this.token = token;
        this.splitLocks = new ArrayList<>();
        for (int i = 0; i < splits && token != null; i++) {
            splitLocks.add(token + ":" + i);
        }
        this.lockedAtNanos = System.nanoTime();
        long timeoutNanos = TimeUnit.SECONDS.toNanos(schema.scan().lockTimeoutSeconds());
        this.released = connection == null;
        this.watch = released ? null
                : WATCHER.scheduleWithFixedDelay(() -> check(timeoutNanos), 20, 20, TimeUnit.MILLISECONDS);
    }

    /**
     * Locks the table for reading and raises the scan's named lock. With one range, or where LOCK TABLES
     * is not granted, nothing is locked ({@link #token()} is null) and the splits read at their own moments.
     */
    static MySqlScanLock open(ExternalSchema schema, RemoteRelation table, List<MySqlScanPlanner.Range> ranges) {
        int splits = ranges.size();
        if (splits <= 1) {
            return new MySqlScanLock(schema, null, null, ranges);
        }
        Connection c = MySqlConnections.openHolder(schema, splits);
        MySqlDialect d = MySqlDialect.INSTANCE;
        String token = "sf:" + UUID.randomUUID().toString().replace("-", "");
        try (Statement s = c.createStatement()) {
            String lock = "LOCK TABLES " + d.relation(table) + " READ";
            RemoteStatementLog.call(schema, RemoteStatement.Method.SNAPSHOT, lock, () -> s.execute(lock));
            try (ResultSet rs = s.executeQuery("SELECT GET_LOCK(" + d.quoteStringLiteral(token) + ", 0)")) {
                rs.next();
                if (rs.getInt(1) != 1) {
                    throw new SQLException("could not take the named lock " + token);
                }
            }
            return new MySqlScanLock(schema, c, token, ranges);
        } catch (SQLException e) {
            JdbcSessions.closeQuietly(c);
            if (e.getErrorCode() == 1044 || e.getErrorCode() == 1142) {
                LOG.warn("{}: LOCK TABLES is not granted ({}); the {} splits of {} read without a shared snapshot and may"
                        + " see different states. Grant LOCK TABLES on the database, or set consistent_snapshot=false to"
                        + " silence this warning.", schema.describe(), MySqlErrors.firstLine(e), splits, table.displayName());
                return new MySqlScanLock(schema, null, null, ranges);
            }
            throw MySqlErrors.onQuery(schema, "locking " + table.displayName() + " for the scan's snapshot", e);
        }
    }

    String token() {
        return token;
    }

    String splitLock(int index) {
        return token == null ? null : splitLocks.get(index);
    }

    /** The key ranges of the scan's splits, one named lock each. */
    List<MySqlScanPlanner.Range> ranges() {
        return ranges;
    }

    private synchronized void check(long timeoutNanos) {
        if (released) {
            return;
        }
        long held = System.nanoTime() - lockedAtNanos;
        if (timeoutNanos > 0 && held > timeoutNanos) {
            LOG.warn("{}: unlocking after lock_timeout ({} s) although not every split has opened its snapshot;"
                    + " splits that start later fail", schema.describe(), schema.scan().lockTimeoutSeconds());
            release();
            return;
        }
        MySqlDialect d = MySqlDialect.INSTANCE;
        String all = splitLocks.stream().map(n -> "IS_USED_LOCK(" + d.quoteStringLiteral(n) + ") IS NOT NULL")
                .collect(Collectors.joining(" AND "));
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT " + all)) {
            if (rs.next() && rs.getBoolean(1)) {
                LOG.info("{}: every split of the scan opened its snapshot; tables unlocked after {} ms", schema.describe(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lockedAtNanos));
                release();
            }
        } catch (SQLException e) {
            LOG.warn("{}: checking the scan's splits failed ({}); unlocking", schema.describe(), e.getMessage());
            release();
        }
    }

    /** Gives up the named lock first, then the table lock: splits never see the former without the latter. */
    private synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        watch.cancel(false);
        try (Statement s = connection.createStatement()) {
            s.executeQuery("SELECT RELEASE_LOCK(" + MySqlDialect.INSTANCE.quoteStringLiteral(token) + ")").close();
            s.execute("UNLOCK TABLES");
        } catch (SQLException e) {
            JdbcSessions.closeQuietly(connection); // closing the session releases both
            return;
        }
        JdbcSessions.closeQuietly(connection);
    }

    /** Whether the tables are still locked (for tests). */
    synchronized boolean locked() {
        return !released;
    }

    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "MySqlScanLock[" + token + "]";
    }
}
