package io.sparkfederated.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.And;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.pushdown.ExpressionCompiler;

/**
 * Turns the join-key values Spark's runtime filtering (dynamic pruning) hands a scan into remote
 * conjuncts: the IN list itself, or — above {@code runtime_filter_max_values} values — the range
 * between the smallest and the largest value, which keeps every matching row. A filter the dialect
 * cannot compile exactly is dropped: a runtime filter only saves work, Spark's join still decides.
 */
final class RuntimeFilters {

    private RuntimeFilters() {
    }

    static List<String> compile(Predicate[] predicates, ExpressionCompiler compiler, int maxValues) {
        List<String> conjuncts = new ArrayList<>();
        for (Predicate predicate : predicates) {
            Predicate narrowed = predicate.name().equals("IN") && predicate.children().length - 1 > maxValues
                    ? range(predicate).orElse(null) : predicate;
            if (narrowed != null) {
                // a runtime filter only saves work (Spark's join still decides), so a narrowing form will do
                compiler.predicate(narrowed).or(() -> compiler.narrowingPredicate(narrowed)).ifPresent(conjuncts::add);
            }
        }
        return conjuncts;
    }

    /** {@code col >= min AND col <= max} for an IN list of orderable literals (integers, dates, timestamps, decimals, strings). */
    private static Optional<Predicate> range(Predicate in) {
        Expression[] children = in.children();
        if (!(children[0] instanceof NamedReference column)) {
            return Optional.empty();
        }
        Comparable<Object> min = null;
        Comparable<Object> max = null;
        DataType type = null;
        for (int i = 1; i < children.length; i++) {
            if (!(children[i] instanceof Literal<?> literal) || !orderable(literal.dataType())) {
                return Optional.empty();
            }
            if (literal.value() == null) {
                continue; // NULL matches no join key
            }
            @SuppressWarnings("unchecked")
            Comparable<Object> value = (Comparable<Object>) literal.value();
            type = literal.dataType();
            min = min == null || value.compareTo(min) < 0 ? value : min;
            max = max == null || value.compareTo(max) > 0 ? value : max;
        }
        if (min == null) {
            return Optional.empty();
        }
        return Optional.of(new And(
                new Predicate(">=", new Expression[] {column, new LiteralValue<>(min, type)}),
                new Predicate("<=", new Expression[] {column, new LiteralValue<>(max, type)})));
    }

    /** Types whose Spark ordering is the remote order our dialects compile comparisons to (strings: byte order). */
    private static boolean orderable(DataType type) {
        String name = type.typeName();
        return type instanceof DecimalType || type instanceof StringType
                || List.of("byte", "short", "integer", "long", "date", "timestamp", "timestamp_ntz").contains(name);
    }
}
