package io.sparkfederated.pushdown.rules;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.GeneralScalarExpression;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.pushdown.ValueRule;
import io.sparkfederated.query.ColumnCapability;

/**
 * {@code length(s)} as {@code char_length} (code points in both) and {@code concat(a, b, …)} as
 * {@code a || b} (NULL when any argument is, like Spark's concat), on text the remote database
 * counts as Spark does.
 */
public final class StringFunctions implements ValueRule {

    @Override
    public Optional<SqlValue> compile(Expression e, RuleCompiler compiler) {
        if (!(e instanceof GeneralScalarExpression g)) {
            return Optional.empty();
        }
        return switch (g.name()) {
            case "CHAR_LENGTH" -> compiler.value(g.children()[0]).filter(StringFunctions::countable)
                    .map(v -> compiler.computed("char_length(" + v.sql() + ")", DataTypes.IntegerType));
            case "CONCAT" -> compiler.sameTypedValues(g.children())
                    .filter(values -> values.stream().allMatch(StringFunctions::countable))
                    .map(values -> new SqlValue(String.join(" || ", values.stream().map(v -> "(" + v.sql() + ")").toList()),
                            values.get(0).type(), SqlValue.common(values)));
            default -> Optional.empty();
        };
    }

    private static boolean countable(SqlValue v) {
        return v.type() instanceof StringType && v.can(ColumnCapability.TEXT);
    }
}
