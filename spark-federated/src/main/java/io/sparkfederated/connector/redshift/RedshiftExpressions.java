package io.sparkfederated.connector.redshift;

import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.connector.RemoteColumn;
import io.sparkfederated.connector.RemoteTable;
import io.sparkfederated.connector.ValueKind;
import io.sparkfederated.pushdown.CompiledOutput;
import io.sparkfederated.pushdown.ExpressionCompiler;

/**
 * What is pushed to Redshift, for now: comparisons, IN, IS [NOT] NULL, AND/OR/NOT of integer,
 * decimal, boolean, date and timestamp columns against literals, and sorting by such columns.
 * Strings stay in Spark (Redshift ignores trailing blanks when comparing and its collation is not
 * Spark's code-point order), so do floats (NaN), functions and aggregates (their types and
 * rounding in Redshift are not yet checked against Spark's). What passes is rendered by the
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

    @Override
    public Optional<String> sortOrder(SortOrder order) {
        return order.expression() instanceof NamedReference ref && pushableColumn(ref) ? postgres.sortOrder(order) : Optional.empty();
    }

    @Override
    public Optional<CompiledOutput> groupingKey(Expression key, String alias) {
        return Optional.empty();
    }

    @Override
    public Optional<CompiledOutput> aggregate(AggregateFunc function, String alias) {
        return Optional.empty();
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
