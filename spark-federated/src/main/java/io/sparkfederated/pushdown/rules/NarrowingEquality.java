package io.sparkfederated.pushdown.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.pushdown.PredicateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.RemoteColumn;

/**
 * A condition that every row Spark keeps satisfies, for string equality and IN on columns whose
 * remote equality is looser than Spark's but never stricter ({@link ColumnCapability#NARROWING_EQUALITY}):
 * the remote database drops the other rows and Spark checks the rest. Combined with AND (either side
 * may be left out) and OR (both sides needed); never under NOT, which would turn "more rows" into fewer.
 */
public final class NarrowingEquality implements PredicateRule {

    private final boolean oneValueAsEquals;

    /** One literal as {@code col = 'a'}, several as {@code col IN ('a', 'b')}. */
    public NarrowingEquality() {
        this(true);
    }

    private NarrowingEquality(boolean oneValueAsEquals) {
        this.oneValueAsEquals = oneValueAsEquals;
    }

    /** Always {@code col IN (…)}, one literal too (the same condition, in the form an engine's plans show). */
    public static NarrowingEquality inLists() {
        return new NarrowingEquality(false);
    }

    @Override
    public Optional<String> compile(Predicate p, RuleCompiler compiler) {
        Expression[] c = p.children();
        return switch (p.name()) {
            case "AND" -> {
                Optional<String> left = narrowing(c[0], compiler);
                Optional<String> right = narrowing(c[1], compiler);
                yield left.isPresent() && right.isPresent() ? Optional.of("(" + left.get() + ") AND (" + right.get() + ")")
                        : left.isPresent() ? left : right;
            }
            case "OR" -> narrowing(c[0], compiler).flatMap(left -> narrowing(c[1], compiler)
                    .map(right -> "(" + left + ") OR (" + right + ")"));
            case "=" -> c[0] instanceof NamedReference && c[1] instanceof Literal<?>
                    ? stringIn(c[0], new Expression[] {c[1]}, compiler) : stringIn(c[1], new Expression[] {c[0]}, compiler);
            case "IN" -> stringIn(c[0], Arrays.copyOfRange(c, 1, c.length), compiler);
            default -> Optional.empty();
        };
    }

    private static Optional<String> narrowing(Expression e, RuleCompiler compiler) {
        return e instanceof Predicate p ? compiler.narrowingPredicate(p) : Optional.empty();
    }

    /** {@code "col" IN ('a', 'b')} for string literals; NULLs are left out (they match nothing). */
    private Optional<String> stringIn(Expression column, Expression[] values, RuleCompiler compiler) {
        if (!(column instanceof NamedReference ref) || ref.fieldNames().length != 1) {
            return Optional.empty();
        }
        RemoteColumn remote = compiler.table().column(ref.fieldNames()[0]).orElse(null);
        if (remote == null || !remote.mapping().can(ColumnCapability.NARROWING_EQUALITY)) {
            return Optional.empty();
        }
        List<String> literals = new ArrayList<>();
        for (Expression value : values) {
            if (!(value instanceof Literal<?> literal) || !(literal.dataType() instanceof StringType)) {
                return Optional.empty();
            }
            if (literal.value() == null) {
                continue;
            }
            Optional<SqlValue> text = compiler.sql().literal(literal.value(), literal.dataType());
            if (text.isEmpty()) {
                return Optional.empty();
            }
            literals.add(text.get().sql());
        }
        if (literals.isEmpty()) {
            return Optional.empty();
        }
        String col = compiler.sql().columnValue(remote);
        return Optional.of(literals.size() == 1 && oneValueAsEquals ? col + " = " + literals.get(0) : col + " IN (" + String.join(", ", literals) + ")");
    }
}
