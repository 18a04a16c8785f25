package io.sparkfederated.query;

import java.io.Serializable;
import java.util.List;


/**
 * A GROUP BY pushed to the remote database: the output columns (grouping keys, then aggregates, in
 * Spark's order) and the grouping expressions, in the dialect's SQL.
 *
 * @param partial whether each split computes it over its own rows and Spark merges the splits' rows
 *                (its final aggregate: sums of partial sums and counts, min of minimums, …); otherwise
 *                the remote database computes it completely, in one statement
 */
public record RemoteAggregation(List<CompiledOutput> outputs, List<String> groupBy, boolean partial) implements Serializable {

    public RemoteAggregation {
        outputs = List.copyOf(outputs);
        groupBy = List.copyOf(groupBy);
    }

    /** Computed completely by the remote database. */
    public RemoteAggregation(List<CompiledOutput> outputs, List<String> groupBy) {
        this(outputs, groupBy, false);
    }

    public RemoteAggregation asPartial() {
        return new RemoteAggregation(outputs, groupBy, true);
    }
}
