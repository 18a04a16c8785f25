package io.sparkfederated.connector.redshift;

import java.util.List;

import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.util.SerializableConfiguration;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteColumn;

/**
 * One of {@code parts} partitions of a Redshift scan read through UNLOAD: it reads the unloaded files
 * at positions {@code part}, {@code part + parts}, … of the manifest. Inside a SQL execution the
 * driver runs the UNLOAD once, when the query first executes, and the files live until the execution
 * ends; outside one, partition 0 runs it and reads every file. Planning and EXPLAIN run nothing.
 *
 * @param sql     the remote SELECT to unload
 * @param columns the columns it returns (the Parquet columns read, by name)
 * @param hadoop  the session's Hadoop configuration (S3A settings and credentials for the temporary directory)
 */
record UnloadPartition(ExternalSchema schema, String sql, List<RemoteColumn> columns, SerializableConfiguration hadoop,
                       int part, int parts) implements InputPartition {

    @Override
    public String toString() {
        return "UnloadPartition[" + schema.name() + " " + part + "/" + parts + ": " + sql + "]";
    }
}
