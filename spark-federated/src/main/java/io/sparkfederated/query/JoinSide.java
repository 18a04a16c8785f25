package io.sparkfederated.query;

import java.util.List;


/**
 * One side of a join pushed down to the remote database: its query (relation and pushed filters)
 * and the columns it contributes to the join's output, each under its output name.
 *
 * @param optional whether the side may be missing from an output row (the inner side of an outer join)
 */
public record JoinSide(RemoteQuery query, List<RemoteColumn> columns, List<String> outputNames, boolean optional) {

    public JoinSide {
        columns = List.copyOf(columns);
        outputNames = List.copyOf(outputNames);
        if (columns.size() != outputNames.size()) {
            throw new IllegalArgumentException("one output name per column");
        }
    }
}
