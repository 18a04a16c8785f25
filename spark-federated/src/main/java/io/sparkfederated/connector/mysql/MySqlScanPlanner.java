package io.sparkfederated.connector.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.InputPartition;

import io.sparkfederated.config.CommonOptions;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.ScanOptions;
import io.sparkfederated.exec.FederatedInputPartition;
import io.sparkfederated.exec.QueryScope;
import io.sparkfederated.query.ColumnPartitioning;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.ValueKind;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;

/**
 * Splits a MySQL scan for parallel reading, on the driver: a table with a primary key (or a unique
 * index) whose first column is a NOT NULL integer or date is cut into ranges of that column, as many
 * as its data size asks ({@code split_size_mb}), at most {@code max_connections} and, when the splits
 * share a snapshot, at most the task slots Spark has (so they can all start at once, which is how
 * long the tables stay write-locked; see {@link MySqlScanLock}). Ranges divide the key's values
 * between MIN and MAX evenly; the first and last are open-ended, so rows added later are not lost.
 * Everything else is one split, and EXPLAIN says why.
 */
final class MySqlScanPlanner {

    /** The first column of the table's unique keys, primary key first. */
    private static final String KEY_COLUMNS = """
            SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 AND SEQ_IN_INDEX = 1
            ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME""";

    /** A key range [from, to) (null: open). */
    record Range(Long from, Long to) {
    }

    /** How a scan is cut: the key column and the number of splits, or the reason it is one split. */
    record Cut(RemoteColumn key, int splits, String reason) {
    }

    private MySqlScanPlanner() {
    }

    static InputPartition[] plan(RemoteQuery query) {
        ExternalSchema schema = query.table().schema();
        MySqlDialect dialect = MySqlDialect.INSTANCE;
        if (query.partitioning() != null) {
            return byUserRanges(query);
        }
        Cut cut = cut(query);
        String sql = dialect.render(query);
        if (cut.key() == null) {
            return new InputPartition[] {single(query, sql)};
        }
        boolean date = cut.key().mapping().kind() == ValueKind.DATE;
        List<Range> ranges;
        MySqlScanLock lock = null;
        if (schema.scan().consistentSnapshot()) {
            if (QueryScope.currentExecution() == null) {
                return new InputPartition[] {single(query, sql)}; // a plan made outside a query: one consistent split
            }
            // planned once per query (Spark may plan a scan twice): the ranges live with the lock
            lock = QueryScope.getOrOpen("mysql-scan:" + schema.connectionKey() + ":" + sql, () -> {
                return MySqlScanLock.open(schema, query.table().relation(), ranges(query, cut, date));
            });
            ranges = lock.ranges();
        } else {
            ranges = ranges(query, cut, date);
        }
        if (ranges.size() <= 1) {
            return new InputPartition[] {single(query, sql)};
        }
        InputPartition[] splits = new InputPartition[ranges.size()];
        for (int i = 0; i < splits.length; i++) {
            Range r = ranges.get(i);
            String splitSql = dialect.render(query, dialect.range(cut.key().name(), r.from(), r.to(), date));
            MySqlSplitContext context = lock == null || lock.token() == null ? null
                    : new MySqlSplitContext(lock.token(), lock.splitLock(i));
            splits[i] = new FederatedInputPartition(schema, splitSql, query.outputColumns(), context, false);
        }
        return splits;
    }

    private static FederatedInputPartition single(RemoteQuery query, String sql) {
        return new FederatedInputPartition(query.table().schema(), sql, query.outputColumns(), null, true);
    }

    /** The user's partitionColumn ranges (views, queries): each split reads at its own moment. */
    private static InputPartition[] byUserRanges(RemoteQuery query) {
        ColumnPartitioning p = query.partitioning();
        RemoteColumn column = query.table().column(p.column()).orElseThrow();
        boolean date = column.mapping().kind() == ValueKind.DATE;
        Long[][] ranges = p.ranges();
        InputPartition[] splits = new InputPartition[ranges.length];
        for (int i = 0; i < ranges.length; i++) {
            String sql = MySqlDialect.INSTANCE.render(query,
                    MySqlDialect.INSTANCE.range(column.name(), ranges[i][0], ranges[i][1], date));
            splits[i] = new FederatedInputPartition(query.table().schema(), sql, query.outputColumns(), null, ranges.length == 1);
        }
        return splits;
    }

    /** For EXPLAIN: how the scan is read. */
    static String describe(RemoteQuery query) {
        if (query.partitioning() != null) {
            return "value ranges of `" + query.partitioning().column() + "` (partitionColumn), each split at its own moment";
        }
        Cut cut = cut(query);
        if (cut.key() == null) {
            return "one split: " + cut.reason();
        }
        return "up to " + cut.splits() + " splits by ranges of `" + cut.key().name() + "`"
                + (query.table().schema().scan().consistentSnapshot()
                ? ", one snapshot (LOCK TABLES … READ from planning until every split has opened its snapshot)"
                : ", each at its own moment (consistent_snapshot=false)");
    }

    static Cut cut(RemoteQuery query) {
        if (query.table().relation().isQuery()) {
            return new Cut(null, 1, "a query or pushed-down join has no key to split by");
        }
        if (!"TABLE".equals(query.table().relation().kind())) {
            return new Cut(null, 1, "a view has no key to split by (give partitionColumn, lowerBound, upperBound, numPartitions)");
        }
        if (query.needsSingleStatement() || query.aggregation() != null) {
            return new Cut(null, 1, "an aggregate, order, limit or offset runs as one statement");
        }
        ExternalSchema schema = query.table().schema();
        try (Connection c = MySqlConnections.open(schema)) {
            Optional<RemoteColumn> key = keyColumn(c, query);
            if (key.isEmpty()) {
                return new Cut(null, 1, "no primary key or unique index whose first column is a NOT NULL integer or date");
            }
            long bytes = MySqlStatistics.tableSize(c, query.table().relation()).map(MySqlStatistics.TableSize::dataBytes).orElse(0L);
            ScanOptions options = schema.scan();
            long wanted = Math.max(1, (bytes + options.splitSizeBytes() - 1) / options.splitSizeBytes());
            // with a shared snapshot all splits are open at once, with the scan's lock: within the task
            // slots, and within this JVM's connection budget (ConnectionBudget)
            int cap = options.consistentSnapshot() ? Math.min(Math.min(options.maxConnections(), taskSlots()),
                    schema.tuning().intValue(CommonOptions.MAX_SERVER_CONNECTIONS) - 1) : options.maxConnections();
            int splits = (int) Math.min(wanted, Math.max(1, cap));
            return splits <= 1 ? new Cut(null, 1, "the table (" + bytes / 1024 + " KB) is smaller than split_size_mb")
                    : new Cut(key.get(), splits, null);
        } catch (SQLException e) {
            throw MySqlErrors.onQuery(schema, "planning the splits of " + query.table().relation().displayName(), e);
        }
    }

    private static Optional<RemoteColumn> keyColumn(Connection c, RemoteQuery query) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(KEY_COLUMNS)) {
            ps.setString(1, query.table().relation().schema());
            ps.setString(2, query.table().relation().table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(2);
                    Optional<RemoteColumn> column = query.table().columns().stream()
                            .filter(col -> col.name().equals(name)).findFirst()
                            .filter(col -> !col.nullable() && isRangeKind(col.mapping().kind()));
                    if (column.isPresent()) {
                        return column;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isRangeKind(ValueKind kind) {
        return kind == ValueKind.SHORT || kind == ValueKind.INT || kind == ValueKind.LONG || kind == ValueKind.DATE;
    }

    private static int taskSlots() {
        try {
            return SparkSession.active().sparkContext().defaultParallelism();
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Even ranges between the key's MIN and MAX (read now: the ranges are open-ended, so later rows still land). */
    private static List<Range> ranges(RemoteQuery query, Cut cut, boolean date) {
        ExternalSchema schema = query.table().schema();
        MySqlDialect d = MySqlDialect.INSTANCE;
        String key = d.quoteIdentifier(cut.key().name());
        String bounds = date ? "DATEDIFF(MIN(" + key + "), '1970-01-01'), DATEDIFF(MAX(" + key + "), '1970-01-01')"
                : "MIN(" + key + "), MAX(" + key + ")";
        String range = "SELECT " + bounds + " FROM " + d.relation(query.table().relation());
        try (Connection c = MySqlConnections.open(schema); Statement s = c.createStatement();
             ResultSet rs = RemoteStatementLog.call(schema, RemoteStatement.Method.PLAN, range, () -> s.executeQuery(range))) {
            rs.next();
            long min = rs.getLong(1);
            if (rs.wasNull()) {
                return List.of(new Range(null, null));
            }
            long max = rs.getLong(2);
            List<Range> ranges = new ArrayList<>();
            for (Long[] r : new ColumnPartitioning(cut.key().name(), min, max + 1, cut.splits()).ranges()) {
                ranges.add(new Range(r[0], r[1]));
            }
            return ranges;
        } catch (SQLException e) {
            throw MySqlErrors.onQuery(schema, "reading the key range of " + query.table().relation().displayName(), e);
        }
    }
}
