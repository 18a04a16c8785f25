package io.sparkfederated.connector.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteRelation;

/**
 * Size estimates from {@code information_schema.TABLES} ({@code TABLE_ROWS}, {@code AVG_ROW_LENGTH},
 * {@code DATA_LENGTH}: InnoDB's sampled estimates). Filters are not estimated: the table's rows are an
 * upper bound, which keeps Spark from broadcasting a side it cannot bound; a pushed limit lowers it.
 */
final class MySqlStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(MySqlStatistics.class);
    static final String TABLE_SIZE = """
            SELECT TABLE_ROWS, AVG_ROW_LENGTH, DATA_LENGTH FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?""";

    private MySqlStatistics() {
    }

    /** Rows, average row bytes and data bytes of a table, or empty for a view or when unknown. */
    record TableSize(long rows, long averageRowBytes, long dataBytes) {
    }

    static Optional<TableSize> tableSize(Connection c, RemoteRelation relation) throws SQLException {
        if (relation.isQuery() || !"TABLE".equals(relation.kind())) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement(TABLE_SIZE)) {
            ps.setString(1, relation.schema());
            ps.setString(2, relation.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(new TableSize(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            }
        }
    }

    static Optional<RemoteEstimate> estimate(RemoteQuery query) {
        ExternalSchema schema = query.table().schema();
        if (query.aggregation() != null) {
            return Optional.empty();
        }
        try (Connection c = MySqlConnections.open(schema)) {
            return tableSize(c, query.table().relation()).map(size -> {
                long rows = query.limit() >= 0 ? Math.min(size.rows(), query.limit()) : size.rows();
                int all = Math.max(1, query.table().columns().size());
                long width = Math.max(1, size.averageRowBytes() * Math.max(1, query.columns().size()) / all);
                return new RemoteEstimate(rows, width, Map.of());
            });
        } catch (SQLException | RuntimeException e) {
            LOG.debug("{}: no estimate for {}: {}", schema.describe(), query.table().relation().displayName(), e.toString());
            return Optional.empty();
        }
    }
}
