package io.sparkfederated;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.catalog.CatalogContents;
import io.sparkfederated.catalog.CatalogProcedures;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.catalog.ExternalSchemaRegistry;
import io.sparkfederated.catalog.MetadataTable;
import io.sparkfederated.catalog.MetadataView;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.connector.Engines;
import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.read.EstimateCache;
import io.sparkfederated.read.FederatedTable;
import io.sparkfederated.spark.SparkLine;
import io.sparkfederated.util.TtlCache;

/**
 * A Spark catalog of external schemas, Redshift's federated query in Spark. Each namespace is an
 * external schema that maps onto a schema of a remote database; its tables are the remote
 * relations, read live (never declared). External schemas come from Spark conf
 * ({@code spark.sql.catalog.<name>.schemas.<schema>.<option>}) and from {@code CREATE EXTERNAL
 * SCHEMA} (kept at {@code spark.sql.catalog.<name>.registry}). The namespaces
 * {@code information_schema} and {@code pg_catalog} hold read-only metadata tables. See the README.
 */
public class FederatedCatalog implements TableCatalog, SupportsNamespaces, CatalogProcedures, CatalogContents {

    private String catalogName;
    private ExternalSchemaRegistry registry;
    /** Remote table lists and descriptions, per external schema, for metadata_cache_ttl seconds. */
    private final TtlCache<String, List<RemoteRelation>> tableLists = new TtlCache<>();
    private final TtlCache<List<String>, RemoteTable> tables = new TtlCache<>();
    private final EstimateCache estimates = new EstimateCache();

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.catalogName = name;
        this.registry = ExternalSchemaRegistry.open(name, options.asCaseSensitiveMap(), FederatedCatalog::hadoopConf);
    }

    @Override
    public String name() {
        return catalogName;
    }

    // ---- namespaces: the external schemas, and the metadata namespaces ----

    @Override
    public String[][] listNamespaces() {
        List<String[]> names = new ArrayList<>();
        registry.names().forEach(name -> names.add(new String[] {name})); // broken schemas too: they fail when used
        MetadataView.metadataNamespaces().forEach(ns -> names.add(new String[] {ns}));
        return names.toArray(String[][]::new);
    }

    @Override
    public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
        if (!namespaceExists(namespace)) {
            throw new NoSuchNamespaceException(namespace);
        }
        return new String[0][];
    }

    @Override
    public boolean namespaceExists(String[] namespace) {
        return namespace.length == 1
                && (MetadataView.isMetadataNamespace(namespace[0]) || registry.contains(namespace[0]));
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
        if (namespace.length == 1 && MetadataView.isMetadataNamespace(namespace[0])) {
            return Map.of("comment", "metadata tables of catalog '" + catalogName + "' (read-only)");
        }
        ExternalSchemaRegistry.Entry entry = entry(namespace);
        Map<String, String> props = new LinkedHashMap<>(entry.schema().publicProperties());
        if (entry.owner() != null) {
            props.put("owner", entry.owner());
        }
        if (entry.comment() != null) {
            props.put("comment", entry.comment());
        }
        props.put("defined_in", entry.fromConf() ? "spark conf" : "registry " + registry.location());
        return props;
    }

    /**
     * CREATE EXTERNAL SCHEMA (and CREATE NAMESPACE … WITH DBPROPERTIES): validates the options and
     * keeps the schema in the catalog's registry. Passwords are refused: only ARNs are stored.
     */
    @Override
    public void createNamespace(String[] namespace, Map<String, String> metadata) throws NamespaceAlreadyExistsException {
        if (namespace.length != 1) {
            throw new FederatedException("external schema names have one part; got " + String.join(".", namespace));
        }
        if (!registry.create(namespace[0], metadata)) {
            throw new NamespaceAlreadyExistsException(namespace);
        }
    }

    @Override
    public void alterNamespace(String[] namespace, NamespaceChange... changes) {
        throw new FederatedException("ALTER SCHEMA is not supported for external schemas (as in Redshift): drop and create it again");
    }

    /** DROP SCHEMA: removes the mapping only; nothing is sent to the remote database. */
    @Override
    public boolean dropNamespace(String[] namespace, boolean cascade) throws NoSuchNamespaceException {
        if (namespace.length != 1) {
            throw new NoSuchNamespaceException(namespace);
        }
        boolean dropped = !registry.drop(List.of(namespace[0]), false).isEmpty();
        forget(namespace[0]);
        return dropped;
    }

    /** The external schema of that name, if the catalog has one. */
    public Optional<ExternalSchema> externalSchema(String name) {
        return registry.find(name);
    }

    /** Whether the external schema of that name was created by DDL (and so can be dropped by DDL). */
    public boolean createdByDdl(String schema) {
        return registry.entry(schema).map(e -> !e.fromConf()).orElse(false);
    }

    // ---- Redshift's DROP SCHEMA a, b (a procedure from Spark 4.0, see CatalogProcedures) ----

    /**
     * Drops external schemas created by DDL: the mappings only, nothing is sent to the remote
     * databases; all or nothing when a name is unknown (unless {@code ifExists}).
     */
    @Override
    public void dropExternalSchemas(List<String> names, boolean ifExists) {
        registry.drop(names, ifExists);
        forgetAll();
    }

    // ---- tables: the remote relations, read-only ----

    @Override
    public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
        if (namespace.length == 1 && MetadataView.isMetadataNamespace(namespace[0])) {
            return MetadataView.in(namespace[0]).stream().map(v -> Identifier.of(namespace, v.tableName())).toArray(Identifier[]::new);
        }
        ExternalSchema schema = entry(namespace).schema();
        return relations(schema).stream()
                .map(t -> Identifier.of(namespace, t.table()))
                .toArray(Identifier[]::new);
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        if (ident.namespace().length == 1 && MetadataView.isMetadataNamespace(ident.namespace()[0])) {
            MetadataView view = MetadataView.find(ident.namespace()[0], ident.name()).orElseThrow(() -> new NoSuchTableException(ident));
            String ns = ident.namespace()[0].toLowerCase(Locale.ROOT);
            return new MetadataTable(catalogName + "." + ns + "." + view.tableName(), view, this);
        }
        ExternalSchema schema;
        try {
            schema = entry(ident.namespace()).schema();
        } catch (NoSuchNamespaceException e) {
            throw new NoSuchTableException(ident);
        }
        RemoteTable table = table(schema, ident.name()).orElseThrow(() -> new NoSuchTableException(ident));
        return new FederatedTable(catalogName + "." + schema.name() + "." + table.relation().table(), table,
                Engines.connector(schema), true, estimates);
    }

    /** REFRESH TABLE: forget what is cached about the table, its schema's table list and estimates. */
    @Override
    public void invalidateTable(Identifier ident) {
        forget(ident.namespace().length == 1 ? ident.namespace()[0] : "");
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
    @SuppressWarnings("deprecation") // 4.1 deprecates it for createTable(Identifier, TableInfo), which calls it
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

    // ---- CatalogContents: what the metadata tables list, through the same caches ----

    @Override
    public String catalogName() {
        return catalogName;
    }

    @Override
    public List<ExternalSchemaRegistry.Entry> externalSchemas() {
        return registry.entries();
    }

    @Override
    public List<RemoteRelation> relations(ExternalSchema schema) {
        return tableLists.get(schema.name(), schema.metadataCacheTtlSeconds(),
                () -> Engines.connector(schema).listTables(schema));
    }

    @Override
    public Optional<RemoteTable> table(ExternalSchema schema, String name) {
        SourceConnector connector = Engines.connector(schema);
        return Optional.ofNullable(tables.get(List.of(schema.name(), name), schema.metadataCacheTtlSeconds(),
                () -> connector.loadTable(schema, schema.remoteSchema(), name).orElse(null)));
    }

    // ---- helpers ----

    private FederatedException readOnly(String operation, Identifier ident) {
        return new FederatedException(operation + " on " + catalogName + "." + ident + " is not allowed: external schemas"
                + " are read-only (as in Redshift federated query); change the remote database directly");
    }

    private ExternalSchemaRegistry.Entry entry(String[] namespace) throws NoSuchNamespaceException {
        if (namespace.length != 1) {
            throw new NoSuchNamespaceException(namespace);
        }
        return registry.entry(namespace[0]).orElseThrow(() -> new NoSuchNamespaceException(namespace));
    }

    private void forget(String schemaName) {
        String schema = schemaName.toLowerCase(Locale.ROOT);
        tables.invalidateIf(key -> key.get(0).equals(schema));
        tableLists.invalidateIf(schema::equals);
        estimates.invalidateAll();
    }

    private void forgetAll() {
        tables.invalidateAll();
        tableLists.invalidateAll();
        estimates.invalidateAll();
    }

    /** The session's Hadoop configuration (spark.hadoop.* settings included), for the registry's FileSystem. */
    private static Configuration hadoopConf() {
        scala.Option<org.apache.spark.sql.SparkSession> session = org.apache.spark.sql.SparkSession.getActiveSession();
        return session.isDefined() ? SparkLine.current().sessionState(session.get()).map(s -> s.newHadoopConf())
                .orElseGet(Configuration::new) : new Configuration();
    }
}
