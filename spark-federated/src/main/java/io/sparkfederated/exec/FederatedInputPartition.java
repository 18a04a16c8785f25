package io.sparkfederated.exec;

import java.io.Serializable;
import java.util.List;

import org.apache.spark.sql.connector.read.InputPartition;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteColumn;

/**
 * One split, sent to an executor: the exact remote SQL of this split, how to convert its columns,
 * and what else the engine's reader needs (e.g. the exported snapshot every split of the query reads).
 *
 * @param engineContext the engine's own hand-off to its reader, opaque here, or null
 * @param soleSplit whether this is the scan's only split: it is consistent on its own, so it may
 *                  read the current state when the query's snapshot is gone (a re-run of the same plan)
 */
public record FederatedInputPartition(ExternalSchema schema, String sql, List<RemoteColumn> columns, Serializable engineContext,
                                      boolean soleSplit) implements InputPartition {

    @Override
    public String toString() {
        return "FederatedInputPartition[" + schema.name() + ": " + sql + "]";
    }
}
