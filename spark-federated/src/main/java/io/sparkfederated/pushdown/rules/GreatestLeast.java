package io.sparkfederated.pushdown.rules;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.GeneralScalarExpression;

import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.pushdown.ValueRule;
import io.sparkfederated.query.ColumnCapability;

/**
 * GREATEST and LEAST of values of one type that order as in Spark: both skip NULLs, and NaN is above
 * every number in both.
 */
public final class GreatestLeast implements ValueRule {

    @Override
    public Optional<SqlValue> compile(Expression e, RuleCompiler compiler) {
        if (!(e instanceof GeneralScalarExpression g) || !(g.name().equals("GREATEST") || g.name().equals("LEAST"))) {
            return Optional.empty();
        }
        return compiler.sameTypedValues(g.children())
                .filter(values -> values.stream().allMatch(v -> v.can(ColumnCapability.ORDER)))
                .map(values -> new SqlValue(g.name() + "(" + String.join(", ", values.stream()
                        .map(compiler.sql()::comparand).toList()) + ")", values.get(0).type(), SqlValue.common(values)));
    }
}
