package io.sparkfederated.connector.mysql;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.connector.Dialect;
import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;

/** The MySQL connector until reads are built: every use fails saying so. */
final class NotYetReadable implements SourceConnector {

    static final NotYetReadable INSTANCE = new NotYetReadable();

    private static FederatedException notYet(ExternalSchema schema) {
        return new FederatedException((schema == null ? "" : schema.describe() + ": ") + "engine 'mysql' is not supported"
                + " yet; this release queries PostgreSQL (engine 'postgres') and Redshift (engine 'redshift')");
    }

    @Override
    public Dialect dialect() {
        throw notYet(null);
    }

    @Override
    public List<RemoteRelation> listTables(ExternalSchema schema) {
        throw notYet(schema);
    }

    @Override
    public Optional<RemoteTable> loadTable(ExternalSchema schema, String remoteSchema, String name) {
        throw notYet(schema);
    }

    @Override
    public RemoteTable describeQuery(ExternalSchema schema, String sql) {
        throw notYet(schema);
    }

    @Override
    public InputPartition[] planPartitions(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate) {
        throw notYet(query.table().schema());
    }

    @Override
    public Optional<RemoteEstimate> estimate(RemoteQuery query) {
        throw notYet(query.table().schema());
    }

    @Override
    public PartitionReaderFactory readerFactory() {
        throw notYet(null);
    }
}
