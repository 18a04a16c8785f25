package io.sparkfederated.query;

import java.io.Serializable;
import java.util.List;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;


/**
 * What one scan asks of the remote database: the relation, the columns to read, the pushed-down
 * filters, order, limit and offset, and optional value-range splits. Immutable; the dialect that
 * compiled the filters and order renders it as SQL, and a reader runs it.
 *
 * @param filters      conjuncts in the dialect's SQL, all of which must hold
 * @param orderBy      sort keys in the dialect's SQL (with explicit NULLS FIRST/LAST)
 * @param limit        most rows to return, or -1
 * @param offset       rows to skip (after ordering, before the limit), or 0
 * @param partitioning user-given value-range splits, or null for the connector's own splits
 * @param aggregation  a GROUP BY computed remotely, or null
 */
public record RemoteQuery(RemoteTable table, List<RemoteColumn> columns, List<String> filters, List<String> orderBy,
                          int limit, int offset, ColumnPartitioning partitioning, RemoteAggregation aggregation)
        implements Serializable {

    public RemoteQuery {
        columns = List.copyOf(columns);
        filters = List.copyOf(filters);
        orderBy = List.copyOf(orderBy);
    }

    public static RemoteQuery allColumns(RemoteTable table) {
        return new RemoteQuery(table, table.columns(), List.of(), List.of(), -1, 0, null, null);
    }

    public RemoteQuery withColumns(List<RemoteColumn> selected) {
        return new RemoteQuery(table, selected, filters, orderBy, limit, offset, partitioning, aggregation);
    }

    public RemoteQuery withFilters(List<String> conjuncts) {
        return new RemoteQuery(table, columns, conjuncts, orderBy, limit, offset, partitioning, aggregation);
    }

    public RemoteQuery withOrderAndLimit(List<String> sortKeys, int maxRows) {
        return new RemoteQuery(table, columns, filters, sortKeys, maxRows, offset, partitioning, aggregation);
    }

    public RemoteQuery withOffset(int skip) {
        return new RemoteQuery(table, columns, filters, orderBy, limit, skip, partitioning, aggregation);
    }

    public RemoteQuery withPartitioning(ColumnPartitioning ranges) {
        return new RemoteQuery(table, columns, filters, orderBy, limit, offset, ranges, aggregation);
    }

    public RemoteQuery withAggregation(RemoteAggregation groupBy) {
        return new RemoteQuery(table, columns, filters, orderBy, limit, offset, partitioning, groupBy);
    }

    /** The columns this query returns: the selected columns, or the aggregation's outputs. */
    public List<RemoteColumn> outputColumns() {
        return aggregation == null ? columns : aggregation.outputs().stream().map(o -> o.column()).toList();
    }

    /**
     * Whether the remote database must run this query as one statement (a complete aggregation, order,
     * limit, offset). A partial aggregation may be split: each split aggregates its rows, Spark merges.
     */
    public boolean needsSingleStatement() {
        return (aggregation != null && !aggregation.partial()) || limit >= 0 || offset > 0 || !orderBy.isEmpty();
    }

    /** The Spark schema of the rows this query returns. */
    public StructType sparkSchema() {
        return toSparkSchema(outputColumns());
    }

    public static StructType toSparkSchema(List<RemoteColumn> columns) {
        StructField[] fields = columns.stream()
                .map(c -> new StructField(c.name(), c.mapping().sparkType(), c.nullable(),
                        org.apache.spark.sql.types.Metadata.empty()))
                .toArray(StructField[]::new);
        return new StructType(fields);
    }
}
