package io.sparkfederated.connector;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;

/** Everything the catalog and the scan need from one kind of remote database. */
public interface SourceConnector {

    Dialect dialect();

    /** The relations Spark may query in the external schema's remote schema (name and kind), sorted by name. */
    List<RemoteRelation> listTables(ExternalSchema schema);

    /** The relation with this name (exact match first, then a unique case-insensitive one). */
    Optional<RemoteTable> loadTable(ExternalSchema schema, String remoteSchema, String name);

    /** Describes the result columns of a remote SELECT without running it. */
    RemoteTable describeQuery(ExternalSchema schema, String sql);

    /**
     * Splits a scan into partitions for parallel reading (on the driver, when Spark plans the query:
     * also for EXPLAIN, so nothing here may run the query).
     *
     * @param estimate the remote planner's estimate of the query's result (asked for only when called)
     */
    InputPartition[] planPartitions(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate);

    /** How the scan reads, for EXPLAIN (empty when there is one way only). */
    default String describeRead(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate) {
        return "";
    }

    /**
     * Most join-key values a runtime filter on this table sends ({@code runtime_filter_max_values}, or
     * fewer where the server would test a long list value by value); more are sent as a range.
     */
    default int runtimeFilterMaxValues(RemoteTable table) {
        return table.schema().scan().runtimeFilterMaxValues();
    }

    /**
     * Whether an aggregate over this plain scan is better computed per split (each split aggregates its
     * own rows, Spark merges them) than in one remote statement: the engine splits the relation, and
     * it is large. Asked while Spark plans; nothing here may run the query.
     *
     * @param relationEstimate the remote planner's estimate of the whole relation (asked only when called)
     */
    default boolean aggregatesPerSplit(RemoteQuery query, Supplier<Optional<RemoteEstimate>> relationEstimate) {
        return false;
    }

    /**
     * Whether the scan's partitions are read as column batches (true) or rows (false), when the
     * connector knows while planning; empty: Spark asks the reader factory of each partition, which
     * it then creates while planning (see {@link #readerFactory(InputPartition[])}).
     */
    default Optional<Boolean> columnarReads(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate) {
        return Optional.empty();
    }

    /** The remote database's estimate of the query's result, or empty when it cannot tell. */
    Optional<RemoteEstimate> estimate(RemoteQuery query);

    /** Creates readers on executors; serializable. */
    PartitionReaderFactory readerFactory();

    /**
     * The reader factory for partitions this connector planned, asked for on the driver when the query
     * runs (not for EXPLAIN): where work is done once per query before its tasks start (Redshift's
     * UNLOAD), it is done here.
     */
    default PartitionReaderFactory readerFactory(InputPartition[] planned) {
        return readerFactory();
    }
}
