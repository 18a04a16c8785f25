package io.sparkfederated.config;

import java.io.Serializable;

/**
 * How scans of an external schema read (typed views of its tuning options).
 *
 * @param splitSizeBytes     target bytes of remote table per split (parallel read unit)
 * @param maxConnections     most splits (so concurrent remote connections) of all scans of one query on one database
 * @param consistentSnapshot whether all splits of a query read one exported snapshot
 * @param lockTimeoutSeconds most seconds a remote session waits for a table lock (0: no bound)
 * @param statementTimeoutSeconds most seconds a remote statement runs before the server cancels it (0: no bound)
 * @param socketTimeoutSeconds most seconds the driver waits for the server to answer (0: no bound)
 * @param batchSize          rows per columnar batch
 * @param statistics         whether scans report the remote planner's estimates to Spark's optimizer
 * @param runtimeFilterMaxValues most join-key values a runtime filter sends as an IN list (more: a
 *                           min/max range); 0 turns runtime filters off
 * @param pushdownJoins      when a join of two scans runs remotely: {@code auto}, {@code always} or {@code never}
 * @param pushdownAggregates when an aggregate runs remotely: {@code auto}, {@code always} or {@code never}
 */
public record ScanOptions(long splitSizeBytes, int maxConnections, boolean consistentSnapshot, int lockTimeoutSeconds,
                          int statementTimeoutSeconds, int socketTimeoutSeconds, int batchSize, boolean statistics,
                          int runtimeFilterMaxValues, String pushdownJoins, String pushdownAggregates) implements Serializable {

    static ScanOptions from(OptionValues v) {
        return new ScanOptions(v.intValue(CommonOptions.SPLIT_SIZE_MB) * 1024L * 1024L, v.intValue(CommonOptions.MAX_CONNECTIONS),
                v.bool(CommonOptions.CONSISTENT_SNAPSHOT), v.intValue(CommonOptions.LOCK_TIMEOUT),
                v.intValue(CommonOptions.STATEMENT_TIMEOUT), v.intValue(CommonOptions.SOCKET_TIMEOUT),
                v.intValue(CommonOptions.BATCH_SIZE), v.bool(CommonOptions.STATISTICS),
                v.intValue(CommonOptions.RUNTIME_FILTER_MAX_VALUES), v.get(CommonOptions.PUSHDOWN_JOINS).toLowerCase(java.util.Locale.ROOT),
                v.get(CommonOptions.PUSHDOWN_AGGREGATES).toLowerCase(java.util.Locale.ROOT));
    }
}
