package io.sparkfederated;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.catalog.TableInfo;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.catalog.ExternalSchema;
import io.sparkfederated.catalog.ExternalSchemaRegistry;
import io.sparkfederated.connector.RemoteTable;
import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.read.FederatedScan;
import io.sparkfederated.read.FederatedTable;
import io.sparkfederated.util.TtlCache;

/**
 * A Spark catalog of external schemas, Redshift's federated query in Spark. Each namespace is an
 * external schema that maps onto a schema of a remote database; its tables are the remote
 * relations, read live (never declared). Configure with
 * {@code spark.sql.catalog.<name> = io.sparkfederated.FederatedCatalog} and
 * {@code spark.sql.catalog.<name>.schemas.<schema>.<option>}; see the README.
 */
public class FederatedCatalog implements TableCatalog, SupportsNamespaces {

    private String catalogName;
    private ExternalSchemaRegistry registry;
    /** Remote table lists and descriptions, per external schema, for metadata_cache_ttl seconds. */
    private final TtlCache<String, List<String>> tableLists = new TtlCache<>();
    private final TtlCache<List<String>, RemoteTable> tables = new TtlCache<>();

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.catalogName = name;
        this.registry = ExternalSchemaRegistry.fromCatalogOptions(options.asCaseSensitiveMap());
    }

    @Override
    public String name() {
        return catalogName;
    }

    // ---- namespaces: the external schemas ----

    @Override
    public String[][] listNamespaces() {
        return registry.all().stream().map(s -> new String[] {s.name()}).toArray(String[][]::new);
    }

    @Override
    public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
        externalSchema(namespace);
        return new String[0][];
    }

    @Override
    public boolean namespaceExists(String[] namespace) {
        return namespace.length == 1 && registry.find(namespace[0]).isPresent();
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
        return externalSchema(namespace).publicProperties();
    }

    @Override
    public void createNamespace(String[] namespace, Map<String, String> metadata) {
        throw new FederatedException("CREATE SCHEMA in catalog '" + catalogName + "' is not supported: define external schemas"
                + " with spark.sql.catalog." + catalogName + ".schemas.<name>.<option> settings");
    }

    @Override
    public void alterNamespace(String[] namespace, NamespaceChange... changes) {
        throw new FederatedException("ALTER SCHEMA is not supported for external schemas (as in Redshift): drop and define it again");
    }

    @Override
    public boolean dropNamespace(String[] namespace, boolean cascade) {
        throw new FederatedException("DROP SCHEMA in catalog '" + catalogName + "' is not supported yet: external schemas"
                + " defined in Spark conf are removed by removing their settings");
    }

    // ---- tables: the remote relations, read-only ----

    @Override
    public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
        ExternalSchema schema = externalSchema(namespace);
        return tableLists.get(schema.name(), schema.metadataCacheTtlSeconds(),
                        () -> SourceConnector.forEngine(schema).listTables(schema)).stream()
                .map(t -> Identifier.of(namespace, t))
                .toArray(Identifier[]::new);
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        ExternalSchema schema;
        try {
            schema = externalSchema(ident.namespace());
        } catch (NoSuchNamespaceException e) {
            throw new NoSuchTableException(ident);
        }
        SourceConnector connector = SourceConnector.forEngine(schema);
        RemoteTable table = tables.get(List.of(schema.name(), ident.name()), schema.metadataCacheTtlSeconds(),
                () -> connector.loadTable(schema, schema.remoteSchema(), ident.name()).orElse(null));
        if (table == null) {
            throw new NoSuchTableException(ident);
        }
        return new FederatedTable(catalogName + "." + schema.name() + "." + table.relation().table(), table, connector);
    }

    /** REFRESH TABLE: forget what is cached about the table, its schema's table list and estimates. */
    @Override
    public void invalidateTable(Identifier ident) {
        String schema = ident.namespace().length == 1 ? ident.namespace()[0].toLowerCase(java.util.Locale.ROOT) : "";
        tables.invalidateIf(key -> key.get(0).equals(schema));
        tableLists.invalidateIf(schema::equals);
        FederatedScan.invalidateEstimates();
    }

    @Override
    public boolean tableExists(Identifier ident) {
        try {
            loadTable(ident);
            return true;
        } catch (NoSuchTableException e) {
            return false;
        }
    }

    @Override
    public Table createTable(Identifier ident, TableInfo info) {
        throw readOnly("CREATE TABLE", ident);
    }

    @Override
    public Table createTable(Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties) {
        throw readOnly("CREATE TABLE", ident);
    }

    @Override
    @SuppressWarnings("deprecation")
    public Table createTable(Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
        throw readOnly("CREATE TABLE", ident);
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) {
        throw readOnly("ALTER TABLE", ident);
    }

    @Override
    public boolean dropTable(Identifier ident) {
        throw readOnly("DROP TABLE", ident);
    }

    @Override
    public boolean purgeTable(Identifier ident) {
        throw readOnly("DROP TABLE … PURGE", ident);
    }

    @Override
    public void renameTable(Identifier oldIdent, Identifier newIdent) {
        throw readOnly("ALTER TABLE … RENAME", oldIdent);
    }

    private FederatedException readOnly(String operation, Identifier ident) {
        return new FederatedException(operation + " on " + catalogName + "." + ident + " is not allowed: external schemas"
                + " are read-only (as in Redshift federated query); change the remote database directly");
    }

    private ExternalSchema externalSchema(String[] namespace) throws NoSuchNamespaceException {
        if (namespace.length != 1) {
            throw new NoSuchNamespaceException(namespace);
        }
        return registry.find(namespace[0]).orElseThrow(() -> new NoSuchNamespaceException(namespace));
    }
}
