package io.sparkfederated.connector.redshift;

import java.util.List;

import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.util.SerializableConfiguration;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteColumn;

/**
 * A Redshift scan read through UNLOAD: one Spark task runs the UNLOAD (Redshift writes the Parquet
 * files in parallel on its slices), checks the manifest, reads the files and deletes them. Planning
 * and EXPLAIN run nothing; a retried task unloads afresh into a new directory.
 *
 * @param sql     the remote SELECT to unload
 * @param columns the columns it returns (the Parquet columns read, by name)
 * @param hadoop  the session's Hadoop configuration (S3A settings and credentials for the temporary directory)
 */
record UnloadPartition(ExternalSchema schema, String sql, List<RemoteColumn> columns, SerializableConfiguration hadoop)
        implements InputPartition {

    @Override
    public String toString() {
        return "UnloadPartition[" + schema.name() + ": " + sql + "]";
    }
}
