package io.sparkfederated.read;

import java.io.Serializable;
import java.util.List;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.sparkfederated.connector.RemoteColumn;
import io.sparkfederated.connector.RemoteTable;

/**
 * What one scan asks of the remote database: the relation, the columns to read, and optional
 * value-range splits. Immutable; a dialect renders it as SQL and a reader runs it.
 *
 * @param partitioning user-given value-range splits, or null for the connector's own splits
 */
public record RemoteQuery(RemoteTable table, List<RemoteColumn> columns, ColumnPartitioning partitioning)
        implements Serializable {

    public RemoteQuery {
        columns = List.copyOf(columns);
    }

    public static RemoteQuery allColumns(RemoteTable table) {
        return new RemoteQuery(table, table.columns(), null);
    }

    public RemoteQuery withColumns(List<RemoteColumn> selected) {
        return new RemoteQuery(table, selected, partitioning);
    }

    public RemoteQuery withPartitioning(ColumnPartitioning ranges) {
        return new RemoteQuery(table, columns, ranges);
    }

    /** The Spark schema of the rows this query returns. */
    public StructType sparkSchema() {
        return toSparkSchema(columns);
    }

    public static StructType toSparkSchema(List<RemoteColumn> columns) {
        StructField[] fields = columns.stream()
                .map(c -> new StructField(c.name(), c.mapping().sparkType(), c.nullable(),
                        org.apache.spark.sql.types.Metadata.empty()))
                .toArray(StructField[]::new);
        return new StructType(fields);
    }
}
