package io.sparkfederated.query;

import java.io.Serializable;
import java.util.List;


/**
 * A GROUP BY pushed to the remote database completely: the output columns (grouping keys, then
 * aggregates, in Spark's order) and the grouping expressions, in the dialect's SQL.
 */
public record RemoteAggregation(List<CompiledOutput> outputs, List<String> groupBy) implements Serializable {

    public RemoteAggregation {
        outputs = List.copyOf(outputs);
        groupBy = List.copyOf(groupBy);
    }
}
