package io.sparkfederated.read;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.expressions.FieldReference;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.colstats.ColumnStatistics;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.connector.read.SupportsRuntimeV2Filtering;
import org.apache.spark.sql.types.StructType;

import io.sparkfederated.spark.SparkLine;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.exec.RemoteStatementLog;
import io.sparkfederated.exec.ShownSql;
import io.sparkfederated.exec.ScanMetrics;
import io.sparkfederated.query.RemoteQuery;

/**
 * A planned read: one remote query, shown verbatim in EXPLAIN. Join-key values from Spark's runtime
 * filtering (dynamic pruning) are added to the remote query before it runs.
 */
public final class FederatedScan implements Scan, Batch, SupportsReportStatistics, SupportsRuntimeV2Filtering {

    private volatile RemoteQuery query;
    private final SourceConnector connector;
    private final ExpressionCompiler compiler;
    private final EstimateCache estimates;
    /** The query and its SQL as planned (before runtime filters): what estimates describe and are keyed by. */
    private final RemoteQuery plannedQuery;
    private final String plannedSql;
    private volatile String sql;
    private volatile int splits;
    /** The partitions last planned, for the reader factory (null before planning). */
    private volatile InputPartition[] planned;
    /** Runtime-filter conjuncts the splits carry as tokens, their text sent once per stage. */
    private final ConjunctsSentOnce sentOnce = new ConjunctsSentOnce();
    /** Set when a runtime filter matches no row: no remote query runs. */
    private volatile boolean readsNothing;
    private Optional<RemoteEstimate> estimate;
    /** The joins offered to this scan: pushed or not, and why (empty when none was offered). */
    private final String joins;
    /** The aggregate offered to this scan: pushed or not, and why (empty when none was offered). */
    private final String aggregate;

    FederatedScan(RemoteQuery query, SourceConnector connector, ExpressionCompiler compiler, EstimateCache estimates,
                  String joins, String aggregate) {
        this.query = query;
        this.joins = joins;
        this.aggregate = aggregate;
        this.estimates = estimates;
        this.plannedQuery = query;
        this.connector = connector;
        this.compiler = compiler;
        this.plannedSql = connector.dialect().render(query);
        this.sql = plannedSql;
    }

    /** The columns Spark may filter at run time by join-key values: see {@link RuntimeFilters#offered}. */
    @Override
    public NamedReference[] filterAttributes() {
        return RuntimeFilters.offered(plannedQuery, estimate()).stream()
                .map(c -> FieldReference.column(c.name())).toArray(NamedReference[]::new);
    }

    @Override
    public synchronized void filter(Predicate[] offered) {
        Predicate[] predicates = RuntimeFilters.merged(offered);
        if (RuntimeFilters.matchNothing(predicates)) {
            readsNothing = true;
            sql = "none (a runtime filter has no join-key values)";
            return;
        }
        List<String> added = RuntimeFilters.compile(predicates, compiler, connector.runtimeFilterMaxValues(query.table()));
        if (!added.isEmpty()) {
            List<String> conjuncts = new java.util.ArrayList<>(query.filters());
            conjuncts.addAll(added);
            query = query.withFilters(conjuncts);
            sql = connector.dialect().render(query);
            sentOnce.keep(added);
        }
    }

    @Override
    public StructType readSchema() {
        return query.sparkSchema();
    }

    @Override
    public String description() {
        String read = connector.describeRead(query, this::estimate);
        return "Federated " + query.table().schema().name() + " [" + query.table().relation().displayName()
                + "] RemoteSQL: " + ShownSql.of(sql) + (read.isEmpty() ? "" : " ReadMethod: " + read)
                + (joins.isEmpty() ? "" : " Joins: " + joins)
                + (aggregate.isEmpty() ? "" : " Aggregate: " + aggregate)
                + (ScanBuilders.pushJoins() ? "" : " JoinPushdown: none on Spark " + SparkLine.current().line()
                        + " (joins run in Spark)");
    }

    /** Row count and size for Spark's optimizer (join strategies, broadcast), from the remote planner. */
    @Override
    public synchronized Statistics estimateStatistics() {
        Optional<RemoteEstimate> estimate = estimate();
        OptionalLong rows = estimate.map(e -> OptionalLong.of(e.rows())).orElse(OptionalLong.empty());
        OptionalLong bytes = estimate.map(e -> OptionalLong.of(e.sizeInBytes())).orElse(OptionalLong.empty());
        Map<NamedReference, ColumnStatistics> columns = new HashMap<>();
        estimate.ifPresent(e -> e.columns().forEach((name, c) -> {
            if (query.outputColumns().stream().anyMatch(col -> col.name().equals(name))) {
                columns.put(FieldReference.column(name), new ColumnStatistics() {
                    @Override
                    public OptionalLong nullCount() {
                        return OptionalLong.of(c.nullCount());
                    }

                    @Override
                    public OptionalLong distinctCount() {
                        return OptionalLong.of(c.distinctCount());
                    }

                    @Override
                    public OptionalLong avgLen() {
                        return OptionalLong.of(c.averageBytes());
                    }
                });
            }
        }));
        return new Statistics() {
            @Override
            public Map<NamedReference, ColumnStatistics> columnStats() {
                return columns;
            }

            @Override
            public OptionalLong sizeInBytes() {
                return bytes;
            }

            @Override
            public OptionalLong numRows() {
                return rows;
            }
        };
    }

    /** The remote planner's estimate of the query as planned (before runtime filters), asked once. */
    private synchronized Optional<RemoteEstimate> estimate() {
        if (estimate == null) {
            var schema = query.table().schema();
            estimate = !schema.scan().statistics() ? Optional.empty()
                    : estimates.get(schema, plannedSql, () -> connector.estimate(plannedQuery));
        }
        return estimate;
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        InputPartition[] partitions = readsNothing ? new InputPartition[0] : connector.planPartitions(query, this::estimate);
        splits = partitions.length;
        planned = partitions;
        return sentOnce.shorten(partitions);
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return ScanMetrics.supported();
    }

    @Override
    public CustomTaskMetric[] reportDriverMetrics() {
        return new CustomTaskMetric[] {ScanMetrics.value(ScanMetrics.SPLITS, splits)};
    }

    /** Known while planning where the connector says so: then Spark creates the reader factory only to run the query. */
    @Override
    public ColumnarSupportMode columnarSupportMode() {
        return connector.columnarReads(query, this::estimate)
                .map(columnar -> columnar ? ColumnarSupportMode.SUPPORTED : ColumnarSupportMode.UNSUPPORTED)
                .orElse(ColumnarSupportMode.PARTITION_DEFINED);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return sentOnce.expanding(RemoteStatementLog.collecting(connector.readerFactory(planned)));
    }
}
