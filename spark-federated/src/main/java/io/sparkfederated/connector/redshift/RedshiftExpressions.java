package io.sparkfederated.connector.redshift;

import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.query.ValueKind;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.pushdown.ExpressionCompiler;

/**
 * What is pushed to Redshift, for now: comparisons, IN, IS [NOT] NULL, AND/OR/NOT of integer,
 * decimal, boolean, date and timestamp columns against literals, and sorting by such columns.
 * Strings are compared exactly only in Spark (Redshift ignores trailing blanks when comparing and its
 * collation is not Spark's code-point order); string equality and IN only narrow the rows Redshift
 * returns ({@link #narrowingPredicate}). Aggregates and GROUP BY of such columns are pushed; floats
 * (NaN, order of addition), functions and arithmetic stay in Spark. What passes is rendered by the
 * PostgreSQL compiler, whose SQL for these forms Redshift shares.
 */
final class RedshiftExpressions implements ExpressionCompiler {

    private static final Set<String> PREDICATES = Set.of("=", "<>", "<", "<=", ">", ">=", "<=>", "IS_NULL", "IS_NOT_NULL",
            "IN", "AND", "OR", "NOT", "ALWAYS_TRUE", "ALWAYS_FALSE");
    private static final Set<ValueKind> COLUMN_KINDS = Set.of(ValueKind.SHORT, ValueKind.INT, ValueKind.LONG, ValueKind.DECIMAL,
            ValueKind.BOOLEAN, ValueKind.DATE, ValueKind.TIMESTAMP_NTZ, ValueKind.TIMESTAMP);

    private final RemoteTable table;
    private final ExpressionCompiler postgres;

    RedshiftExpressions(RemoteTable table, ExpressionCompiler postgres) {
        this.table = table;
        this.postgres = postgres;
    }

    @Override
    public Optional<String> predicate(Predicate predicate) {
        return allowed(predicate) ? postgres.predicate(predicate) : Optional.empty();
    }

    /**
     * String equality and IN, which Redshift evaluates more loosely than Spark (trailing blanks
     * ignored; case ignored under a case-insensitive collation) but never more strictly: every row
     * Spark keeps passes Redshift's test, so Redshift can drop the others and Spark re-checks the
     * rest. Combined with AND (either side may be left out) and OR (both sides needed); never under
     * NOT. Literals with a backslash are not sent (Redshift reads backslash escapes in literals).
     */
    @Override
    public Optional<String> narrowingPredicate(Predicate predicate) {
        Optional<String> exact = predicate(predicate);
        if (exact.isPresent()) {
            return exact;
        }
        Expression[] c = predicate.children();
        return switch (predicate.name()) {
            case "AND" -> {
                Optional<String> left = c[0] instanceof Predicate l ? narrowingPredicate(l) : Optional.empty();
                Optional<String> right = c[1] instanceof Predicate r ? narrowingPredicate(r) : Optional.empty();
                yield left.isPresent() && right.isPresent() ? Optional.of("(" + left.get() + ") AND (" + right.get() + ")")
                        : left.isPresent() ? left : right;
            }
            case "OR" -> {
                Optional<String> left = c[0] instanceof Predicate l ? narrowingPredicate(l) : Optional.empty();
                Optional<String> right = c[1] instanceof Predicate r ? narrowingPredicate(r) : Optional.empty();
                yield left.isPresent() && right.isPresent() ? Optional.of("(" + left.get() + ") OR (" + right.get() + ")")
                        : Optional.empty();
            }
            case "=" -> c[0] instanceof NamedReference && c[1] instanceof Literal<?>
                    ? stringIn(c[0], new Expression[] {c[1]}) : stringIn(c[1], new Expression[] {c[0]});
            case "IN" -> stringIn(c[0], java.util.Arrays.copyOfRange(c, 1, c.length));
            default -> Optional.empty();
        };
    }

    /** {@code "col" IN ('a', 'b')} for a string column and string literals (NULLs left out: they match nothing). */
    private Optional<String> stringIn(Expression column, Expression[] values) {
        if (!(column instanceof NamedReference ref) || ref.fieldNames().length != 1) {
            return Optional.empty();
        }
        RemoteColumn remote = table.column(ref.fieldNames()[0]).orElse(null);
        if (remote == null || remote.mapping().kind() != ValueKind.STRING || remote.mapping().remoteCast() != null) {
            return Optional.empty();
        }
        java.util.List<String> literals = new java.util.ArrayList<>();
        for (Expression value : values) {
            if (!(value instanceof Literal<?> literal) || !(literal.dataType() instanceof StringType)) {
                return Optional.empty();
            }
            if (literal.value() == null) {
                continue;
            }
            String text = literal.value().toString();
            if (text.indexOf('\\') >= 0 || text.indexOf('\0') >= 0) {
                return Optional.empty();
            }
            literals.add(RedshiftDialect.INSTANCE.quoteStringLiteral(text));
        }
        if (literals.isEmpty()) {
            return Optional.empty();
        }
        String col = RedshiftDialect.INSTANCE.quoteIdentifier(remote.name());
        return Optional.of(literals.size() == 1 ? col + " = " + literals.get(0) : col + " IN (" + String.join(", ", literals) + ")");
    }

    @Override
    public Optional<String> sortOrder(SortOrder order) {
        return order.expression() instanceof NamedReference ref && pushableColumn(ref) ? postgres.sortOrder(order) : Optional.empty();
    }

    /** GROUP BY plain integer, decimal, boolean, date and timestamp columns (never strings or floats). */
    @Override
    public Optional<CompiledOutput> groupingKey(Expression key, String alias) {
        return key instanceof NamedReference ref && pushableColumn(ref) ? postgres.groupingKey(key, alias) : Optional.empty();
    }

    /**
     * COUNT(*), COUNT(column), and COUNT(DISTINCT), SUM, MIN, MAX, AVG, BOOL_AND/OR of plain integer, decimal, boolean, date and
     * timestamp columns, with the PostgreSQL compiler's rules for Spark's result types (Redshift's
     * SUM of smallint/int/bigint is bigint and of decimals numeric(38, s), both failing on overflow as
     * the cast to Spark's type does). Arguments that are expressions stay in Spark: Redshift's numeric
     * arithmetic differs from PostgreSQL's (38 digits at most) and from Spark's.
     */
    @Override
    public Optional<CompiledOutput> aggregate(AggregateFunc function, String alias) {
        if (function instanceof Count count && !count.isDistinct() && count.column() instanceof NamedReference ref
                && ref.fieldNames().length == 1 && table.column(ref.fieldNames()[0]).isPresent()) {
            return postgres.aggregate(function, alias); // counting non-NULL values of any column
        }
        for (Expression argument : function.children()) {
            if (!(argument instanceof NamedReference ref) || !pushableColumn(ref)) {
                return Optional.empty();
            }
        }
        return postgres.aggregate(function, alias);
    }

    private boolean allowed(Expression e) {
        if (e instanceof NamedReference ref) {
            return pushableColumn(ref);
        }
        if (e instanceof Literal<?> literal) {
            return !(literal.dataType() instanceof StringType) && !literal.dataType().typeName().equals("float")
                    && !literal.dataType().typeName().equals("double");
        }
        if (e instanceof Predicate p && PREDICATES.contains(p.name())) {
            for (Expression child : p.children()) {
                if (!allowed(child)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private boolean pushableColumn(NamedReference ref) {
        if (ref.fieldNames().length != 1) {
            return false;
        }
        return table.column(ref.fieldNames()[0]).map(RemoteColumn::mapping)
                .map(m -> COLUMN_KINDS.contains(m.kind()) && m.remoteCast() == null).orElse(false);
    }
}
