package io.sparkfederated.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.And;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.query.RemoteQuery;

/**
 * Runtime filtering (Spark's dynamic pruning): which columns a scan offers, and the join-key values
 * Spark then hands it as remote conjuncts: the IN list itself, or — above {@code runtime_filter_max_values} values — the range
 * between the smallest and the largest value, which keeps every matching row. A filter the dialect
 * cannot compile exactly is dropped: a runtime filter only saves work, Spark's join still decides.
 */
final class RuntimeFilters {

    /** Fewest rows, by the remote planner's estimate of the planned query, of a scan worth filtering at run time. */
    static final long MIN_ROWS = 10_000;
    /** Most columns one scan offers. */
    static final int MAX_COLUMNS = 8;

    private RuntimeFilters() {
    }

    /**
     * The columns Spark may filter at run time: of a plain scan (not aggregated, ordered, limited or
     * offset: a filter below those would change which rows they keep) that the remote planner
     * estimates at {@link #MIN_ROWS} rows or more, after its pushed filters, the first
     * {@link #MAX_COLUMNS} columns of a join-key type. A small scan is read whole cheaply; offering
     * it lets Spark prune it by the other side of each join, which nests that side's own pruning
     * subqueries and doubles them per joined table. No estimate, no runtime filters.
     */
    static List<RemoteColumn> offered(RemoteQuery query, Optional<RemoteEstimate> estimate) {
        if (query.needsSingleStatement() || query.aggregation() != null || query.table().schema().scan().runtimeFilterMaxValues() == 0
                || estimate.isEmpty() || estimate.get().rows() < MIN_ROWS) {
            return List.of();
        }
        return query.outputColumns().stream().filter(c -> joinKeyType(c.mapping().sparkType())).limit(MAX_COLUMNS).toList();
    }

    /** Integers, whole decimals, dates and strings: not floats, booleans, fractions, timestamps or nested types. */
    private static boolean joinKeyType(DataType type) {
        return type instanceof IntegralType || type instanceof DateType || type instanceof StringType
                || type instanceof DecimalType decimal && decimal.scale() == 0;
    }

    /**
     * Whether the runtime filters match no row: an IN list with no value but NULL (the other side of
     * the join has no keys; NULL matches none), or FALSE. The scan then reads nothing.
     */
    static boolean matchNothing(Predicate[] predicates) {
        return Arrays.stream(predicates).anyMatch(p -> p.name().equals("ALWAYS_FALSE") || p.name().equals("IN")
                && Arrays.stream(p.children()).skip(1).allMatch(v -> v instanceof Literal<?> l && l.value() == null));
    }

    /**
     * The predicates with every column's IN lists merged into one holding the values common to all of
     * them ({@code x IN (1, 2) AND x IN (2, 3)} is {@code x IN (2)}: the same rows pass, NULLs aside,
     * which match no join key). Two pruning subqueries of one plan often offer a scan the same
     * values; merged, the remote statement carries them once. An empty merge is an IN list with no
     * value, which {@link #matchNothing} recognises.
     */
    static Predicate[] merged(Predicate[] predicates) {
        Map<String, LinkedHashSet<Object>> values = new HashMap<>();
        Map<String, Integer> firstAt = new LinkedHashMap<>(); // where each column's first list stands in out
        List<Predicate> out = new ArrayList<>();
        for (Predicate p : predicates) {
            String column = inListColumn(p);
            if (column == null) {
                out.add(p);
                continue;
            }
            LinkedHashSet<Object> these = new LinkedHashSet<>();
            for (int i = 1; i < p.children().length; i++) {
                these.add(((Literal<?>) p.children()[i]).value());
            }
            if (values.containsKey(column)) {
                values.get(column).retainAll(these);
            } else {
                values.put(column, these);
                firstAt.put(column, out.size());
                out.add(p);
            }
        }
        firstAt.forEach((column, at) -> {
            Predicate first = out.get(at);
            Set<Object> common = values.get(column);
            if (common.size() != first.children().length - 1) {
                Expression[] children = new Expression[common.size() + 1];
                children[0] = first.children()[0];
                int k = 1;
                for (Object value : common) {
                    children[k++] = new LiteralValue<>(value, ((Literal<?>) first.children()[1]).dataType());
                }
                out.set(at, new Predicate("IN", children));
            }
        });
        return out.toArray(Predicate[]::new);
    }

    /** The column of {@code column IN (literal, …)}, or null for any other predicate. */
    private static String inListColumn(Predicate p) {
        if (!p.name().equals("IN") || p.children().length < 2 || !(p.children()[0] instanceof NamedReference column)) {
            return null;
        }
        for (int i = 1; i < p.children().length; i++) {
            if (!(p.children()[i] instanceof Literal<?>)) {
                return null;
            }
        }
        return String.join("\u0000", column.fieldNames());
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
