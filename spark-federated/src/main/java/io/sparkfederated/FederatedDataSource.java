package io.sparkfederated;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.catalog.ExternalSchemaParser;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.connector.Engines;
import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.read.FederatedTable;

/**
 * {@code spark.read.format("federated")}: a one-off read of a remote table ({@code dbtable}) or a
 * remote SELECT ({@code query}), with the same connection options as an external schema.
 */
public class FederatedDataSource implements TableProvider, DataSourceRegister {

    public static final String SHORT_NAME = "federated";
    private static final String LABEL = "federated data source";

    private Map<String, String> lastOptions;
    private FederatedTable lastTable;

    @Override
    public String shortName() {
        return SHORT_NAME;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return resolve(options.asCaseSensitiveMap()).schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return resolve(properties);
    }

    /** Describes the remote relation once per options (Spark asks for the schema, then the table). */
    private synchronized FederatedTable resolve(Map<String, String> options) {
        if (options.equals(lastOptions)) {
            return lastTable;
        }
        Map<String, String> opts = new java.util.HashMap<>();
        options.forEach((k, v) -> opts.put(k.toLowerCase(java.util.Locale.ROOT), v));
        opts.remove("path"); // Spark adds it for load(path); we have none
        String dbtable = opts.remove(FederatedOptions.DBTABLE);
        String query = opts.remove(FederatedOptions.QUERY);
        if ((dbtable == null) == (query == null)) {
            throw new FederatedException(LABEL + ": set exactly one of the options 'dbtable' (schema.table) or 'query' (a remote SELECT)");
        }
        ExternalSchema schema = ExternalSchemaParser.parse(LABEL, opts, FederatedOptions.DATA_SOURCE_ONLY, List.of());
        SourceConnector connector = Engines.connector(schema);
        RemoteTable table;
        if (query != null) {
            table = connector.describeQuery(schema, query);
        } else {
            List<String> parts = connector.dialect().parseQualifiedName(dbtable);
            if (parts.size() > 2) {
                throw new FederatedException(LABEL + ": option 'dbtable' must be table or schema.table, got '" + dbtable + "'");
            }
            String remoteSchema = parts.size() == 2 ? parts.get(0) : schema.remoteSchema();
            String name = parts.get(parts.size() - 1);
            table = connector.loadTable(schema, remoteSchema, name).orElseThrow(() -> new FederatedException(
                    schema.describe() + ": table '" + remoteSchema + "." + name + "' does not exist (option 'dbtable')"));
        }
        lastOptions = Map.copyOf(options);
        lastTable = new FederatedTable(table.relation().displayName(), table, connector, false);
        return lastTable;
    }
}
