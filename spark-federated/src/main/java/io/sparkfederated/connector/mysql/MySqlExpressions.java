package io.sparkfederated.connector.mysql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.unsafe.types.UTF8String;

import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.query.ValueKind;

/**
 * What MySQL computes for Spark, only where its answer is provably Spark's: comparisons, IN,
 * IS [NOT] NULL, {@code <=>} and AND/OR/NOT over integer, decimal, boolean (TINYINT(1), compared as
 * {@code col <> 0}, so 2 is true) and date columns against literals; sorting by them with the NULL
 * order written out (MySQL sorts NULLs first ascending and has no NULLS FIRST/LAST); count, min, max
 * and GROUP BY of them. Dates are compared in the form they are read ({@code DATEDIFF(col, '1970-01-01')}),
 * so a zero date is NULL remotely as in Spark. Strings are never compared exactly remotely (collations
 * ignore case, accents and trailing blanks); equality and IN only narrow the rows MySQL returns, and
 * Spark re-checks them. Floats, timestamps, sums, averages, arithmetic and functions stay in Spark.
 */
final class MySqlExpressions implements ExpressionCompiler {

    private static final Set<String> COMPARISONS = Set.of("=", "<>", "<", "<=", ">", ">=", "<=>");
    private static final Set<ValueKind> KINDS = Set.of(ValueKind.SHORT, ValueKind.INT, ValueKind.LONG, ValueKind.DECIMAL,
            ValueKind.BOOLEAN, ValueKind.DATE);

    private final MySqlDialect dialect;
    private final RemoteTable table;

    MySqlExpressions(MySqlDialect dialect, RemoteTable table) {
        this.dialect = dialect;
        this.table = table;
    }

    @Override
    public Optional<String> predicate(Predicate p) {
        Expression[] c = p.children();
        String name = p.name();
        if (COMPARISONS.contains(name)) {
            Optional<String> left = operand(c[0]);
            Optional<String> right = operand(c[1]);
            return left.isPresent() && right.isPresent() && (isColumn(c[0]) || isColumn(c[1]))
                    ? Optional.of(left.get() + " " + name + " " + right.get()) : Optional.empty();
        }
        return switch (name) {
            case "IS_NULL", "IS_NOT_NULL" -> column(c[0]).map(col -> col + (name.equals("IS_NULL") ? " IS NULL" : " IS NOT NULL"));
            case "IN" -> {
                Optional<String> col = column(c[0]);
                List<String> values = new ArrayList<>();
                for (Expression e : Arrays.copyOfRange(c, 1, c.length)) {
                    Optional<String> v = e instanceof Literal<?> l ? literal(l) : Optional.empty();
                    if (v.isEmpty()) {
                        yield Optional.empty();
                    }
                    values.add(v.get());
                }
                yield col.isEmpty() || values.isEmpty() ? Optional.empty()
                        : Optional.of(col.get() + " IN (" + String.join(", ", values) + ")");
            }
            case "AND", "OR" -> {
                Optional<String> left = c[0] instanceof Predicate l ? predicate(l) : Optional.empty();
                Optional<String> right = c[1] instanceof Predicate r ? predicate(r) : Optional.empty();
                yield left.isPresent() && right.isPresent()
                        ? Optional.of("(" + left.get() + ") " + name + " (" + right.get() + ")") : Optional.empty();
            }
            case "NOT" -> c[0] instanceof Predicate inner ? predicate(inner).map(s -> "NOT (" + s + ")") : Optional.empty();
            case "ALWAYS_TRUE" -> Optional.of("1 = 1");
            case "ALWAYS_FALSE" -> Optional.of("1 = 0");
            default -> Optional.empty();
        };
    }

    /**
     * String equality and IN under the column's own collation: looser than Spark's (case, accents,
     * trailing blanks), never stricter, so MySQL drops only rows Spark would drop. AND keeps either
     * side, OR needs both; never under NOT.
     */
    @Override
    public Optional<String> narrowingPredicate(Predicate p) {
        Optional<String> exact = predicate(p);
        if (exact.isPresent()) {
            return exact;
        }
        Expression[] c = p.children();
        return switch (p.name()) {
            case "AND" -> {
                Optional<String> l = c[0] instanceof Predicate a ? narrowingPredicate(a) : Optional.empty();
                Optional<String> r = c[1] instanceof Predicate b ? narrowingPredicate(b) : Optional.empty();
                yield l.isPresent() && r.isPresent() ? Optional.of("(" + l.get() + ") AND (" + r.get() + ")") : l.isPresent() ? l : r;
            }
            case "OR" -> {
                Optional<String> l = c[0] instanceof Predicate a ? narrowingPredicate(a) : Optional.empty();
                Optional<String> r = c[1] instanceof Predicate b ? narrowingPredicate(b) : Optional.empty();
                yield l.isPresent() && r.isPresent() ? Optional.of("(" + l.get() + ") OR (" + r.get() + ")") : Optional.empty();
            }
            case "=" -> c[0] instanceof NamedReference ? stringIn(c[0], new Expression[] {c[1]}) : stringIn(c[1], new Expression[] {c[0]});
            case "IN" -> stringIn(c[0], Arrays.copyOfRange(c, 1, c.length));
            default -> Optional.empty();
        };
    }

    private Optional<String> stringIn(Expression column, Expression[] values) {
        Optional<RemoteColumn> col = remoteColumn(column).filter(rc -> rc.mapping().kind() == ValueKind.STRING
                && rc.mapping().remoteCast() == null && !rc.remoteType().startsWith("set(") && !rc.remoteType().startsWith("enum("));
        if (col.isEmpty() || values.length == 0) {
            return Optional.empty();
        }
        List<String> literals = new ArrayList<>();
        for (Expression v : values) {
            if (!(v instanceof Literal<?> l) || !(l.dataType() instanceof StringType) || l.value() == null) {
                return Optional.empty();
            }
            literals.add(dialect.quoteStringLiteral(((UTF8String) l.value()).toString()));
        }
        return Optional.of(dialect.quoteIdentifier(col.get().name()) + " IN (" + String.join(", ", literals) + ")");
    }

    /** ASC puts NULLs first in MySQL, DESC last; the order Spark asks for is written out either way. */
    @Override
    public Optional<String> sortOrder(SortOrder order) {
        return column(order.expression()).map(col -> {
            boolean nullsFirst = order.nullOrdering() == NullOrdering.NULLS_FIRST;
            String direction = order.direction() == SortDirection.ASCENDING ? " ASC" : " DESC";
            return "(" + col + " IS NULL)" + (nullsFirst ? " DESC" : " ASC") + ", " + col + direction;
        });
    }

    @Override
    public Optional<CompiledOutput> groupingKey(Expression key, String alias) {
        return remoteColumn(key).flatMap(rc -> column(key)
                .map(sql -> new CompiledOutput(sql, new RemoteColumn(alias, rc.remoteType(), rc.mapping(), rc.nullable()))));
    }

    @Override
    public Optional<CompiledOutput> aggregate(AggregateFunc function, String alias) {
        if (function instanceof CountStar) {
            return Optional.of(count("COUNT(*)", alias));
        }
        if (function instanceof Count count) {
            return column(count.column()).map(col -> count("COUNT(" + (count.isDistinct() ? "DISTINCT " : "") + col + ")", alias));
        }
        if (function instanceof Min || function instanceof Max) {
            Expression argument = function instanceof Min min ? min.column() : ((Max) function).column();
            String name = function instanceof Min ? "MIN(" : "MAX(";
            return remoteColumn(argument).flatMap(rc -> column(argument)
                    .map(col -> new CompiledOutput(name + col + ")", new RemoteColumn(alias, rc.remoteType(), rc.mapping(), true))));
        }
        return Optional.empty();
    }

    private static CompiledOutput count(String sql, String alias) {
        return new CompiledOutput(sql, new RemoteColumn(alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), false));
    }

    private boolean isColumn(Expression e) {
        return column(e).isPresent();
    }

    private Optional<RemoteColumn> remoteColumn(Expression e) {
        if (!(e instanceof NamedReference ref) || ref.fieldNames().length != 1) {
            return Optional.empty();
        }
        return table.column(ref.fieldNames()[0]);
    }

    /** A column in the form it is read: booleans as {@code (col <> 0)}, dates as days since 1970. */
    private Optional<String> column(Expression e) {
        return remoteColumn(e).filter(rc -> KINDS.contains(rc.mapping().kind()))
                .filter(rc -> rc.mapping().remoteCast() == null || rc.mapping().kind() == ValueKind.DATE)
                .map(rc -> {
                    String quoted = dialect.quoteIdentifier(rc.name());
                    return switch (rc.mapping().kind()) {
                        case BOOLEAN -> "(" + quoted + " <> 0)";
                        case DATE -> rc.mapping().remoteCast().replace("%s", quoted);
                        default -> quoted;
                    };
                });
    }

    private Optional<String> operand(Expression e) {
        return e instanceof Literal<?> l ? literal(l) : column(e);
    }

    /** Integers, decimals, booleans and dates (as days since 1970, the form date columns take here). */
    private Optional<String> literal(Literal<?> l) {
        Object v = l.value();
        if (v == null) {
            return Optional.of("NULL");
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return Optional.of(v.toString()); // a DATE literal's value is its day number too
        }
        if (v instanceof Decimal d) {
            return Optional.of(d.toJavaBigDecimal().toPlainString());
        }
        if (v instanceof Boolean b) {
            return Optional.of(b ? "1" : "0");
        }
        return Optional.empty();
    }
}
