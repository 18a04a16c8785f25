package io.sparkfederated.pushdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;

import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteTable;

/**
 * An {@link ExpressionCompiler} made of one engine's rules, for one relation. It resolves columns
 * and literals itself and hands every other expression to the rules; rules call back into it for
 * their operands.
 */
public final class RuleCompiler implements ExpressionCompiler {

    private final PushdownRules rules;
    private final EngineSql sql;
    private final RemoteTable table;
    private final PushdownContext context;

    public RuleCompiler(PushdownRules rules, EngineSql sql, RemoteTable table, PushdownContext context) {
        this.rules = rules;
        this.sql = sql;
        this.table = table;
        this.context = context;
    }

    public EngineSql sql() {
        return sql;
    }

    public PushdownContext context() {
        return context;
    }

    public RemoteTable table() {
        return table;
    }

    @Override
    public Optional<String> predicate(Predicate predicate) {
        for (PredicateRule rule : rules.predicates()) {
            Optional<String> compiled = rule.compile(predicate, this);
            if (compiled.isPresent()) {
                return compiled;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> narrowingPredicate(Predicate predicate) {
        return predicate(predicate).or(() -> rules.narrowingRule().flatMap(rule -> rule.compile(predicate, this)));
    }

    /** A value: a column of the relation, a literal, or what a value rule makes of it. */
    public Optional<SqlValue> value(Expression e) {
        if (e instanceof NamedReference ref) {
            return column(ref).map(col -> new SqlValue(sql.columnValue(col), col.mapping().sparkType(),
                    col.mapping().capabilities()));
        }
        if (e instanceof Literal<?> literal) {
            return sql.literal(literal.value(), literal.dataType());
        }
        for (ValueRule rule : rules.values()) {
            Optional<SqlValue> compiled = rule.compile(e, this);
            if (compiled.isPresent()) {
                return compiled;
            }
        }
        return Optional.empty();
    }

    /** A child that must be a predicate. */
    public Optional<String> condition(Expression e) {
        return e instanceof Predicate p ? predicate(p) : Optional.empty();
    }

    /** A sort key, grouping key or aggregate argument: any value, or only a column where the engine says so. */
    public Optional<SqlValue> key(Expression e) {
        return rules.columnKeysOnly() && !(e instanceof NamedReference) ? Optional.empty() : value(e);
    }

    /** The relation's column a one-part reference names (exactly as stored), or empty. */
    public Optional<RemoteColumn> column(NamedReference ref) {
        return ref.fieldNames().length != 1 ? Optional.empty()
                : table.columns().stream().filter(c -> c.name().equals(ref.fieldNames()[0])).findFirst();
    }

    /** The compiled values, or empty unless all compile and share one Spark type. */
    public Optional<List<SqlValue>> sameTypedValues(Expression... expressions) {
        List<SqlValue> values = new ArrayList<>();
        DataType type = null;
        for (Expression e : expressions) {
            Optional<SqlValue> v = value(e);
            if (v.isEmpty() || (type != null && !type.equals(v.get().type()))) {
                return Optional.empty();
            }
            type = v.get().type();
            values.add(v.get());
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(values);
    }

    /** A computed value of this type: what the engine evaluates on it follows from the type alone. */
    public SqlValue computed(String text, DataType type) {
        return new SqlValue(text, type, sql.computedCapabilities(type));
    }

    @Override
    public Optional<String> sortOrder(SortOrder order) {
        return key(order.expression()).filter(v -> v.can(ColumnCapability.ORDER)).map(v -> sql.sortKey(sql.comparand(v),
                order.direction() == SortDirection.ASCENDING, order.nullOrdering() == NullOrdering.NULLS_FIRST));
    }

    /**
     * A column keeps its remote type and mapping (without its read cast: the grouped value is already
     * cast); an expression is cast to the type its Spark type is read from, so the reader gets what it expects.
     */
    @Override
    public Optional<CompiledOutput> groupingKey(Expression key, String alias) {
        Optional<SqlValue> value = key(key).filter(v -> v.can(ColumnCapability.GROUPING));
        if (key instanceof NamedReference ref) {
            return value.flatMap(v -> column(ref).map(col -> new CompiledOutput(sql.comparand(v),
                    new RemoteColumn(alias, col.remoteType(), col.mapping().withRemoteCast(null), true))));
        }
        return value.flatMap(v -> sql.computedColumn(alias, v.type()).map(col -> new CompiledOutput(
                sql.comparand(new SqlValue("CAST((" + v.sql() + ") AS " + col.remoteType() + ")", v.type(), v.capabilities())),
                col)));
    }

    @Override
    public Optional<CompiledOutput> aggregate(AggregateFunc function, String alias) {
        for (AggregateRule rule : rules.aggregates()) {
            Optional<CompiledOutput> compiled = rule.compile(function, alias, this);
            if (compiled.isPresent()) {
                return compiled;
            }
        }
        return Optional.empty();
    }
}
