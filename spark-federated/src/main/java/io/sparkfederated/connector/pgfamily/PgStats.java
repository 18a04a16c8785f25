package io.sparkfederated.connector.pgfamily;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.query.RemoteRelation;

/** Column statistics from {@code pg_stats}, as PostgreSQL and Redshift keep them after ANALYZE. */
public final class PgStats {

    private PgStats() {
    }

    /**
     * Column statistics for a plain scan of a table (with filters, aggregation or a limit, the
     * table's column statistics no longer describe the result, and none are given). A negative
     * n_distinct is a fraction of the rows.
     *
     * @param sql the engine's pg_stats query: parameters schema and table; columns attname,
     *            null_frac, n_distinct, avg_width (the first row of a column wins)
     */
    public static Map<String, RemoteEstimate.ColumnEstimate> columnEstimates(Connection c, RemoteQuery query, long rows,
                                                                             String sql) throws SQLException {
        RemoteRelation relation = query.table().relation();
        if (relation.isQuery() || query.aggregation() != null || !query.filters().isEmpty() || query.needsSingleStatement()) {
            return Map.of();
        }
        Map<String, RemoteEstimate.ColumnEstimate> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, relation.schema());
            ps.setString(2, relation.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double nullFraction = rs.getDouble("null_frac");
                    double distinct = rs.getDouble("n_distinct");
                    long nonNull = Math.round(rows * (1 - nullFraction));
                    long distinctCount = distinct >= 0 ? Math.round(distinct) : Math.round(-distinct * rows);
                    columns.putIfAbsent(rs.getString("attname"), new RemoteEstimate.ColumnEstimate(
                            Math.round(rows * nullFraction), Math.min(distinctCount, nonNull), rs.getLong("avg_width")));
                }
            }
        }
        return columns;
    }
}
