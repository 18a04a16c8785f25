package io.sparkfederated.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.Avg;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownOffset;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownTopN;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.ValueKind;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.query.ColumnPartitioning;
import io.sparkfederated.query.JoinKind;
import io.sparkfederated.query.RemoteAggregation;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteEstimate;

/**
 * Collects what Spark pushes into a scan (columns, filters, order, limit, offset) and produces an
 * immutable {@link FederatedScan}. What the remote database cannot evaluate exactly as Spark would
 * is left to Spark. Joins of two such scans are folded into one remote query by {@link #pushJoin}, which
 * the Spark lines that offer join pushdown (4.1 on) call through their {@code SupportsPushDownJoin}
 * (see {@link ScanBuilders}).
 */
public class FederatedScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns,
        SupportsPushDownV2Filters, SupportsPushDownAggregates, SupportsPushDownLimit, SupportsPushDownTopN,
        SupportsPushDownOffset {

    private final SourceConnector connector;
    private final EstimateCache estimates;
    /** The session's settings pushed expressions depend on, read once here. */
    private final PushdownContext context;
    private ExpressionCompiler compiler;
    private RemoteQuery query;
    private Predicate[] pushed = new Predicate[0];
    /** Arguments of averages not pushed (see {@link #supportCompletePushDown}). */
    private final java.util.Set<String> averagesLeftToSpark = new java.util.HashSet<>();
    /** What was decided about joins offered to this scan and why, for EXPLAIN. */
    private final List<String> joinNotes = new ArrayList<>();
    /** What was decided about the aggregate offered to this scan and why, for EXPLAIN; empty when none was. */
    private String aggregateNote = "";
    /** Whether Spark was told the aggregation is computed per split (not completely): it merges the splits' rows. */
    private boolean aggregatePerSplit;

    public FederatedScanBuilder(RemoteTable table, SourceConnector connector, CaseInsensitiveStringMap readOptions,
                                EstimateCache estimates) {
        this.connector = connector;
        this.estimates = estimates;
        SQLConf conf = SQLConf.get();
        this.context = new PushdownContext(conf.ansiEnabled(), DateTimeUtils.getZoneId(conf.sessionLocalTimeZone()),
                conf.decimalOperationsAllowPrecisionLoss());
        this.compiler = connector.dialect().compiler(table, context);
        this.query = RemoteQuery.allColumns(table);
        ColumnPartitioning partitioning = RangeSplitOptions.parse(readOptions, table.schema().describe());
        if (partitioning != null) {
            requireRangeColumn(table, partitioning.column());
            query = query.withPartitioning(partitioning);
        }
    }

    private static void requireRangeColumn(RemoteTable table, String name) {
        RemoteColumn column = table.column(name).orElseThrow(() -> new FederatedException(table.schema().describe()
                + ": partitionColumn '" + name + "' is not a column of " + table.relation().displayName()));
        ValueKind kind = column.mapping().kind();
        if (kind != ValueKind.SHORT && kind != ValueKind.INT && kind != ValueKind.LONG && kind != ValueKind.DATE) {
            throw new FederatedException(table.schema().describe() + ": partitionColumn '" + name + "' must be an integer"
                    + " or date column, not " + column.remoteType());
        }
    }

    @Override
    public Predicate[] pushPredicates(Predicate[] predicates) {
        List<Predicate> accepted = new ArrayList<>();
        List<Predicate> rejected = new ArrayList<>();
        List<String> conjuncts = new ArrayList<>(query.filters());
        for (Predicate predicate : predicates) {
            Optional<String> sql = compiler.predicate(predicate);
            if (sql.isPresent()) {
                accepted.add(predicate);
                conjuncts.add(sql.get());
                continue;
            }
            rejected.add(predicate); // Spark evaluates it…
            Optional<String> narrowing = compiler.narrowingPredicate(predicate);
            if (narrowing.isPresent()) { // …after the remote database has dropped rows it cannot accept
                accepted.add(predicate);
                conjuncts.add(narrowing.get());
            }
        }
        query = query.withFilters(conjuncts);
        pushed = accepted.toArray(new Predicate[0]);
        return rejected.toArray(new Predicate[0]);
    }

    @Override
    public Predicate[] pushedPredicates() {
        return pushed;
    }

    /**
     * Aggregations are pushed where it pays ({@link #chosen}), and then completely (as one remote
     * statement) or per split where Spark's merge is exact, or not at all. When this
     * refuses an average, Spark asks again with it as a sum and a count, and divides itself; that is
     * Spark's average only for decimals (whose average keeps a sum of the same type). Spark averages
     * integers as doubles, which a bigint sum is not (it overflows under ANSI mode, and rounds
     * otherwise), so a rewritten average of anything else is refused too.
     */
    @Override
    public boolean supportCompletePushDown(Aggregation aggregation) {
        boolean compiled = compile(aggregation).filter(a -> chosen(aggregation, a)).isPresent();
        aggregatePerSplit = compiled && SplitAggregation.mergeable(aggregation, query.table())
                && connector.aggregatesPerSplit(query, this::relationEstimate);
        boolean complete = compiled && !aggregatePerSplit;
        if (!complete) {
            for (AggregateFunc function : aggregation.aggregateExpressions()) {
                if (function instanceof Avg avg && !isDecimalColumn(avg.column())) {
                    averagesLeftToSpark.add(averageKey(avg.column(), avg.isDistinct()));
                }
            }
        }
        return complete;
    }

    private boolean isDecimalColumn(Expression e) {
        return e instanceof NamedReference ref && ref.fieldNames().length == 1 && query.table().column(ref.fieldNames()[0])
                .map(c -> c.mapping().sparkType() instanceof DecimalType).orElse(false);
    }

    private static String averageKey(Expression argument, boolean distinct) {
        return (distinct ? "DISTINCT " : "") + argument.describe();
    }

    @Override
    public boolean pushAggregation(Aggregation aggregation) {
        Optional<RemoteAggregation> compiled = compile(aggregation).filter(a -> chosen(aggregation, a))
                .map(a -> aggregatePerSplit && SplitAggregation.mergeable(aggregation, query.table()) ? a.asPartial() : a);
        compiled.ifPresent(a -> query = query.withAggregation(a));
        return compiled.isPresent();
    }

    private Optional<RemoteAggregation> compile(Aggregation aggregation) {
        if (query.partitioning() != null || query.aggregation() != null || query.needsSingleStatement()) {
            return Optional.empty();
        }
        List<CompiledOutput> outputs = new ArrayList<>();
        List<String> groupBy = new ArrayList<>();
        Expression[] keys = aggregation.groupByExpressions();
        for (int i = 0; i < keys.length; i++) {
            Optional<CompiledOutput> key = compiler.groupingKey(keys[i], "group_" + i);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            outputs.add(key.get());
            groupBy.add(key.get().sql());
        }
        AggregateFunc[] functions = aggregation.aggregateExpressions();
        for (AggregateFunc function : functions) {
            if (function instanceof Sum sum && averagesLeftToSpark.contains(averageKey(sum.column(), sum.isDistinct()))) {
                return Optional.empty();
            }
        }
        for (int i = 0; i < functions.length; i++) {
            Optional<CompiledOutput> function = compiler.aggregate(functions[i], "agg_" + i);
            if (function.isEmpty()) {
                return Optional.empty();
            }
            outputs.add(function.get());
        }
        return Optional.of(new RemoteAggregation(outputs, groupBy));
    }

    /**
     * Whether computing this aggregate remotely pays ({@code pushdown_aggregates}): the aggregated
     * query against reading the columns it needs for Spark to aggregate. Noted for EXPLAIN.
     */
    private boolean chosen(Aggregation aggregation, RemoteAggregation compiled) {
        PushdownChoice choice = PushdownChoice.aggregate(query.table().schema().scan().pushdownAggregates(),
                () -> estimate(query.withColumns(referencedColumns(aggregation))),
                () -> estimate(query.withAggregation(compiled)));
        aggregateNote = (choice.push() ? "pushed (" : "not pushed (") + choice.reason() + ")";
        return choice.push();
    }

    /** The columns an aggregation reads: its grouping keys' and arguments' columns. */
    private List<RemoteColumn> referencedColumns(Aggregation aggregation) {
        Set<String> names = Stream.concat(Arrays.stream(aggregation.groupByExpressions()),
                        Arrays.stream(aggregation.aggregateExpressions()))
                .flatMap(e -> Arrays.stream(e.references()))
                .filter(ref -> ref.fieldNames().length == 1)
                .map(ref -> ref.fieldNames()[0])
                .collect(Collectors.toSet());
        return query.table().columns().stream().filter(c -> names.contains(c.name())).toList();
    }

    /** The remote planner's estimate of the whole relation this scan reads (cached as the scan's own are). */
    private Optional<RemoteEstimate> relationEstimate() {
        RemoteQuery whole = RemoteQuery.allColumns(query.table());
        ExternalSchema schema = whole.table().schema();
        return !schema.scan().statistics() ? Optional.empty()
                : estimates.get(schema, connector.dialect().render(whole), () -> connector.estimate(whole));
    }

    @Override
    public boolean pushLimit(int limit) {
        if (query.partitioning() != null) {
            return false; // value-range splits: each would need its own limit
        }
        query = query.withOrderAndLimit(query.orderBy(), limit);
        return true;
    }

    @Override
    public boolean pushTopN(SortOrder[] orders, int limit) {
        if (query.partitioning() != null || query.aggregation() != null) {
            return false;
        }
        List<String> keys = new ArrayList<>();
        for (SortOrder order : orders) {
            Optional<String> key = compiler.sortOrder(order);
            if (key.isEmpty()) {
                return false;
            }
            keys.add(key.get());
        }
        query = query.withOrderAndLimit(keys, limit);
        return true;
    }

    @Override
    public boolean pushOffset(int offset) {
        if (query.partitioning() != null) {
            return false;
        }
        // Spark pushes LIMIT (counted before the offset) first, then OFFSET; SQL skips first, then limits.
        if (query.limit() > 0) {
            query = query.withOrderAndLimit(query.orderBy(), Math.max(0, query.limit() - offset));
        }
        query = query.withOffset(offset);
        return true;
    }

    /** Limits, top-N and offsets run as one remote statement, so Spark need not apply them again. */
    @Override
    public boolean isPartiallyPushed() {
        return false;
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        if (query.aggregation() != null) {
            return; // the aggregation's outputs are exactly what Spark asked for
        }
        Map<String, RemoteColumn> byName = query.table().columns().stream()
                .collect(Collectors.toMap(RemoteColumn::name, Function.identity()));
        List<RemoteColumn> selected = new ArrayList<>();
        for (StructField field : requiredSchema.fields()) {
            RemoteColumn column = byName.get(field.name());
            if (column != null) {
                selected.add(column);
            }
        }
        query = query.withColumns(selected);
    }

    /** Whether another scan can be joined into this one remotely (same database and login, only filters pushed yet). */
    final boolean joinableWith(FederatedScanBuilder right) {
        return JoinPushdown.compatible(query, right.query, connector.dialect(), right.connector.dialect());
    }

    /**
     * Replaces this scan's relation by the join of both sides, computed remotely. Called with the
     * filters of both sides already pushed and nothing else; the joined relation then takes more
     * joins, aggregates, top-N and pruning like any other.
     */
    final boolean pushJoin(FederatedScanBuilder other, JoinKind kind, List<JoinColumn> leftColumns,
                           List<JoinColumn> rightColumns, Predicate condition) {
        if (!joinableWith(other)) {
            return false;
        }
        Optional<RemoteTable> joined = JoinPushdown.join(query, other.query, kind, leftColumns, rightColumns, condition,
                connector.dialect(), context);
        if (joined.isEmpty()) {
            return false;
        }
        RemoteQuery joinedQuery = RemoteQuery.allColumns(joined.get());
        PushdownChoice choice = PushdownChoice.join(query.table().schema().scan().pushdownJoins(),
                () -> estimate(JoinPushdown.sideQuery(query, leftColumns)),
                () -> estimate(JoinPushdown.sideQuery(other.query, rightColumns)), () -> estimate(joinedQuery));
        String label = joined.get().relation().displayName();
        if (!choice.push()) {
            String note = label + " not pushed (" + choice.reason() + ")";
            joinNotes.add(note);
            other.joinNotes.add(note);
            return false;
        }
        joinNotes.add(label + " pushed (" + choice.reason() + ")");
        joinNotes.addAll(other.joinNotes);
        compiler = connector.dialect().compiler(joined.get(), context);
        query = joinedQuery;
        pushed = new Predicate[0];
        return true;
    }

    /** The remote planner's estimate of a query (cached), or empty when statistics are off or unknown. */
    private Optional<RemoteEstimate> estimate(RemoteQuery q) {
        var schema = q.table().schema();
        return !schema.scan().statistics() ? Optional.empty()
                : estimates.get(schema, connector.dialect().render(q), () -> connector.estimate(q));
    }

    @Override
    public Scan build() {
        return new FederatedScan(query, connector, compiler, estimates, String.join("; ", joinNotes), aggregateNote);
    }
}
