package io.sparkfederated.query;

import java.io.Serializable;

/**
 * Spark JDBC-style splits by value ranges of a column, for relations that have no physical splits
 * (views, {@code query} reads): {@code numPartitions} strides between {@code lowerBound} and
 * {@code upperBound}; the first range also takes values below and NULLs, the last values above.
 * Bounds are integers, or days since 1970-01-01 for a DATE column.
 */
public record ColumnPartitioning(String column, long lowerBound, long upperBound, int numPartitions)
        implements Serializable {

    /** The ranges [from, to) of each partition; from is null for the first, to null for the last. */
    public Long[][] ranges() {
        long span = upperBound - lowerBound;
        int n = (int) Math.max(1, Math.min(numPartitions, span));
        long stride = span / n;
        Long[][] ranges = new Long[n][];
        for (int i = 0; i < n; i++) {
            Long from = i == 0 ? null : lowerBound + i * stride;
            Long to = i == n - 1 ? null : lowerBound + (i + 1) * stride;
            ranges[i] = new Long[] {from, to};
        }
        return ranges;
    }
}
