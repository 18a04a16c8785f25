package io.sparkfederated.pushdown.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.GeneralScalarExpression;

import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.pushdown.ValueRule;

/**
 * COALESCE and CASE WHEN over values of one type, with pushable conditions. The result supports
 * what all its possible values support.
 */
public final class Conditionals implements ValueRule {

    @Override
    public Optional<SqlValue> compile(Expression e, RuleCompiler compiler) {
        if (!(e instanceof GeneralScalarExpression g)) {
            return Optional.empty();
        }
        return switch (g.name()) {
            case "COALESCE" -> compiler.sameTypedValues(g.children()).map(values -> new SqlValue("COALESCE("
                    + String.join(", ", values.stream().map(v -> "(" + v.sql() + ")").toList()) + ")",
                    values.get(0).type(), SqlValue.common(values)));
            case "CASE_WHEN" -> caseWhen(g.children(), compiler);
            default -> Optional.empty();
        };
    }

    /** Children: condition, result, condition, result, …, and an ELSE result when their number is odd. */
    private static Optional<SqlValue> caseWhen(Expression[] c, RuleCompiler compiler) {
        List<String> conditions = new ArrayList<>();
        List<Expression> results = new ArrayList<>();
        for (int i = 0; i + 1 < c.length; i += 2) {
            Optional<String> condition = compiler.condition(c[i]);
            if (condition.isEmpty()) {
                return Optional.empty();
            }
            conditions.add(condition.get());
            results.add(c[i + 1]);
        }
        boolean hasElse = c.length % 2 == 1;
        if (hasElse) {
            results.add(c[c.length - 1]);
        }
        return compiler.sameTypedValues(results.toArray(new Expression[0])).map(values -> {
            StringBuilder sql = new StringBuilder("CASE");
            for (int i = 0; i < conditions.size(); i++) {
                sql.append(" WHEN ").append(conditions.get(i)).append(" THEN (").append(values.get(i).sql()).append(')');
            }
            if (hasElse) {
                sql.append(" ELSE (").append(values.get(values.size() - 1).sql()).append(')');
            }
            return new SqlValue(sql.append(" END").toString(), values.get(0).type(), SqlValue.common(values));
        });
    }
}
