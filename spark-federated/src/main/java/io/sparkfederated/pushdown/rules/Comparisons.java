package io.sparkfederated.pushdown.rules;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;

import io.sparkfederated.pushdown.PredicateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.query.ColumnCapability;

/**
 * {@code = <> < <= > >=} and {@code <=>} (as {@code IS NOT DISTINCT FROM}, or the engine's own
 * spelling) of two values of one type (decimals of any scale): equalities where both sides take exact
 * equality, ranges where both take exact order.
 */
public final class Comparisons implements PredicateRule {

    private final String nullSafeEquals;

    /** With {@code <=>} as standard SQL's {@code IS NOT DISTINCT FROM}. */
    public Comparisons() {
        this("IS NOT DISTINCT FROM");
    }

    /** @param nullSafeEquals the engine's operator for {@code <=>} (NULL equals NULL) */
    public Comparisons(String nullSafeEquals) {
        this.nullSafeEquals = nullSafeEquals;
    }

    @Override
    public Optional<String> compile(Predicate p, RuleCompiler compiler) {
        ColumnCapability needed = switch (p.name()) {
            case "=", "<>", "<=>" -> ColumnCapability.EQUALITY;
            case "<", "<=", ">", ">=" -> ColumnCapability.ORDER;
            default -> null;
        };
        if (needed == null) {
            return Optional.empty();
        }
        Optional<SqlValue> left = compiler.value(p.children()[0]).filter(v -> v.can(needed));
        Optional<SqlValue> right = compiler.value(p.children()[1]).filter(v -> v.can(needed));
        if (left.isEmpty() || right.isEmpty() || !sameFamily(left.get().type(), right.get().type())) {
            return Optional.empty();
        }
        String operator = " " + (p.name().equals("<=>") ? nullSafeEquals : p.name()) + " ";
        return Optional.of(compiler.sql().comparand(left.get()) + operator + compiler.sql().rightOperand(right.get()));
    }

    /** Same type, or decimals of any precision and scale (compared by value on both sides). */
    static boolean sameFamily(DataType a, DataType b) {
        return a.equals(b) || (a instanceof DecimalType && b instanceof DecimalType);
    }
}
