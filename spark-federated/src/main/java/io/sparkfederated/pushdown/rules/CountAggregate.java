package io.sparkfederated.pushdown.rules;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.types.DataTypes;

import io.sparkfederated.pushdown.AggregateOutput;
import io.sparkfederated.pushdown.AggregateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.ValueKind;

/**
 * {@code count(*)}, {@code count(x)} of any value, and {@code count(DISTINCT x)} of a value that takes
 * exact equality (so that the remote database's distinct values are Spark's); a bigint in both.
 */
public final class CountAggregate implements AggregateRule {

    @Override
    public Optional<CompiledOutput> compile(AggregateFunc function, String alias, RuleCompiler compiler) {
        if (function instanceof CountStar) {
            return Optional.of(bigint("count(*)", alias));
        }
        if (!(function instanceof Count count)) {
            return Optional.empty();
        }
        return compiler.key(count.column())
                .filter(v -> !count.isDistinct() || v.can(ColumnCapability.EQUALITY))
                .map(v -> bigint(count.isDistinct() ? "count(DISTINCT " + compiler.sql().comparand(v) + ")"
                        : "count((" + v.sql() + "))", alias));
    }

    private static CompiledOutput bigint(String sql, String alias) {
        return AggregateOutput.of(sql, alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), false);
    }
}
