package io.sparkfederated.read;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsRowLevelOperations;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TruncatableTable;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.RowLevelOperationBuilder;
import org.apache.spark.sql.connector.write.RowLevelOperationInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.EngineInfo;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.connector.Engines;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.RemoteQuery;

/**
 * A remote relation as a Spark table. Read-only, like Redshift's external tables: every write path
 * (INSERT, UPDATE, DELETE, MERGE) fails with a message saying so.
 */
public final class FederatedTable implements SupportsRead, SupportsWrite, SupportsRowLevelOperations, TruncatableTable {

    private final RemoteTable table;
    private final SourceConnector connector;
    private final String name;
    /** Whether a scan's read options may tune it (a catalog table's do; a data source's were its options already). */
    private final boolean tunedPerRead;
    private final EstimateCache estimates;

    public FederatedTable(String name, RemoteTable table, SourceConnector connector, boolean tunedPerRead,
                          EstimateCache estimates) {
        this.estimates = estimates;
        this.name = name;
        this.table = table;
        this.connector = connector;
        this.tunedPerRead = tunedPerRead;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Column[] columns() {
        return table.columns().stream()
                .map(c -> Column.create(c.name(), c.mapping().sparkType(), c.nullable(), c.remoteType(), null))
                .toArray(Column[]::new);
    }

    /** The columns as a schema, each with its remote type as comment, as {@link #columns()} (DESCRIBE before 4.1 reads this). */
    @Override
    @SuppressWarnings("deprecation")
    public StructType schema() {
        StructType schema = RemoteQuery.toSparkSchema(table.columns());
        org.apache.spark.sql.types.StructField[] fields = schema.fields().clone();
        for (int i = 0; i < fields.length; i++) {
            RemoteColumn c = table.columns().get(i);
            fields[i] = fields[i].withComment(c.remoteType());
        }
        return new StructType(fields);
    }

    @Override
    public Map<String, String> properties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("engine", table.schema().engine());
        props.put("remote_relation", table.relation().displayName());
        props.put("remote_kind", table.relation().kind());
        return props;
    }

    @Override
    public Set<TableCapability> capabilities() {
        // The write capabilities are declared only so that every INSERT form reaches newWriteBuilder
        // and fails with our read-only message instead of Spark's generic "does not support" error.
        return EnumSet.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE, TableCapability.TRUNCATE,
                TableCapability.OVERWRITE_BY_FILTER, TableCapability.OVERWRITE_DYNAMIC);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        RemoteTable read = table;
        if (tunedPerRead) {
            EngineInfo engine = Engines.named(table.schema().engine());
            read = table.withSchema(FederatedOptions.withReadOptions(table.schema(), options, engine));
        }
        return ScanBuilders.create(read, connector, options, estimates);
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
        throw readOnly("INSERT");
    }

    @Override
    public RowLevelOperationBuilder newRowLevelOperationBuilder(RowLevelOperationInfo info) {
        throw readOnly(info.command().name());
    }

    @Override
    public boolean truncateTable() {
        throw readOnly("TRUNCATE");
    }

    private FederatedException readOnly(String operation) {
        return new FederatedException(operation + " on " + name + " is not allowed: external schemas are read-only"
                + " (as in Redshift federated query); write to the remote database directly");
    }
}
