package io.sparkfederated.query;

import java.util.Map;

/**
 * The remote database's own estimate of what a query returns, for Spark's optimizer.
 *
 * @param rows     estimated rows
 * @param rowBytes estimated average width of a row, in bytes
 * @param columns  per output column (by name), where the remote database keeps statistics
 * @param cost     the remote planner's total cost of the query, in its own units (NaN when it does not say)
 */
public record RemoteEstimate(long rows, long rowBytes, Map<String, ColumnEstimate> columns, double cost) {

    /**
     * @param nullCount     estimated NULLs
     * @param distinctCount estimated distinct non-NULL values
     * @param averageBytes  average width of a non-NULL value
     */
    public record ColumnEstimate(long nullCount, long distinctCount, long averageBytes) {
    }

    public RemoteEstimate {
        columns = Map.copyOf(columns);
    }

    /** An estimate without the planner's cost. */
    public RemoteEstimate(long rows, long rowBytes, Map<String, ColumnEstimate> columns) {
        this(rows, rowBytes, columns, Double.NaN);
    }

    /** Whether the remote planner gave its cost. */
    public boolean hasCost() {
        return !Double.isNaN(cost);
    }

    /** Estimated bytes of the result (at least one byte per row, as Spark needs a positive size). */
    public long sizeInBytes() {
        return Math.max(1, rows) * Math.max(1, rowBytes);
    }
}
