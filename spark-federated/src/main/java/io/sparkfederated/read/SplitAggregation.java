package io.sparkfederated.read;

import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;

import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.query.ValueKind;

/**
 * Which aggregations Spark merges exactly from per-split partial results. When a scan builder says an
 * aggregation is not pushed completely, Spark keeps a final aggregate over the scan's rows: counts
 * are summed, sums summed, minimums and maximums taken again. That is exact for counts, minimums,
 * maximums and non-distinct sums of small integers (their partial sums are bigints, as is Spark's).
 * Not for decimal sums: Spark casts each partial sum back to the argument's type before adding (a
 * partial sum of numeric(12,2) beyond 10^10 would overflow), nor for bigint sums (a partial sum may
 * overflow where Spark's total does not), distinct aggregates, averages or anything else.
 */
final class SplitAggregation {

    private SplitAggregation() {
    }

    static boolean mergeable(Aggregation aggregation, RemoteTable table) {
        for (AggregateFunc function : aggregation.aggregateExpressions()) {
            boolean ok = function instanceof CountStar
                    || function instanceof Count count && !count.isDistinct()
                    || function instanceof Min || function instanceof Max
                    || function instanceof Sum sum && !sum.isDistinct() && smallInteger(sum, table);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean smallInteger(Sum sum, RemoteTable table) {
        return sum.column() instanceof NamedReference ref && ref.fieldNames().length == 1
                && table.column(ref.fieldNames()[0]).map(c -> c.mapping().kind())
                        .map(k -> k == ValueKind.SHORT || k == ValueKind.INT).orElse(false);
    }
}
