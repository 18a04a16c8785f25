package io.sparkfederated.read;

import java.util.List;

import org.apache.spark.sql.connector.read.InputPartition;

import io.sparkfederated.catalog.ExternalSchema;
import io.sparkfederated.connector.RemoteColumn;

/**
 * One unit of reading, sent to an executor: the rendered remote SQL and how to convert its columns.
 *
 * @param sql     the exact SQL to run remotely
 * @param columns the result columns, in order
 */
public record FederatedInputPartition(ExternalSchema schema, String sql, List<RemoteColumn> columns)
        implements InputPartition {

    @Override
    public String toString() {
        return "FederatedInputPartition[" + schema.name() + ": " + sql + "]";
    }
}
