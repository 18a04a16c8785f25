package io.sparkfederated.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VarcharType;

import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.connector.Engines;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;

/**
 * The read-only metadata tables of a federated catalog, for BI tools and for Redshift users: the
 * standard {@code information_schema.schemata / tables / columns} and Redshift's
 * {@code svv_external_schemas / tables / columns} (with Redshift's column names). Each lists what
 * {@code SHOW NAMESPACES}, {@code SHOW TABLES} and {@code DESCRIBE} show, from the same metadata;
 * {@code svl_federated_query} lists the remote statements this driver ran.
 */
public enum MetadataView {

    SCHEMATA("schemata", "schema_name", null,
            "catalog_name string, schema_name string, schema_owner string") {
        @Override
        void addRows(CatalogContents c, Predicate<String> schemas, Predicate<String> tables, List<Object[]> rows) {
            for (ExternalSchemaRegistry.Entry e : c.externalSchemas()) {
                if (schemas.test(e.name())) {
                    rows.add(new Object[] {c.catalogName(), e.name(), e.owner()});
                }
            }
            for (String ns : NAMESPACES.keySet()) {
                if (schemas.test(ns)) {
                    rows.add(new Object[] {c.catalogName(), ns, null});
                }
            }
        }
    },

    TABLES("tables", "table_schema", "table_name",
            "table_catalog string, table_schema string, table_name string, table_type string, is_insertable_into string,"
                    + " partition_of string") {
        @Override
        void addRows(CatalogContents c, Predicate<String> schemas, Predicate<String> tables, List<Object[]> rows) {
            forEachRelation(c, schemas, tables, (schema, relation) -> rows.add(new Object[] {
                    c.catalogName(), schema.name(), relation.table(), standardTableType(relation.kind()), "NO",
                    relation.partitionOf()}));
            forEachView(schemas, tables, (ns, view) -> rows.add(new Object[] {c.catalogName(), ns, view.tableName, "VIEW", "NO",
                    null}));
        }
    },

    COLUMNS("columns", "table_schema", "table_name",
            "table_catalog string, table_schema string, table_name string, column_name string, ordinal_position int,"
                    + " column_default string, is_nullable string, data_type string, character_maximum_length int,"
                    + " numeric_precision int, numeric_scale int, remote_data_type string") {
        @Override
        void addRows(CatalogContents c, Predicate<String> schemas, Predicate<String> tables, List<Object[]> rows) {
            forEachColumn(c, schemas, tables, (schema, table, position, column) -> {
                DataType type = column.mapping().sparkType();
                rows.add(new Object[] {c.catalogName(), schema.name(), table.relation().table(), column.name(), position, null,
                        column.nullable() ? "YES" : "NO", type.simpleString(), characterLength(type), precision(type),
                        scale(type), column.remoteType()});
            });
            forEachView(schemas, tables, (ns, view) -> {
                int position = 0;
                for (StructField f : view.schema.fields()) {
                    DataType type = f.dataType();
                    rows.add(new Object[] {c.catalogName(), ns, view.tableName, f.name(), ++position, null, "YES",
                            type.simpleString(), characterLength(type), precision(type), scale(type), null});
                }
            });
        }
    },

    SVV_EXTERNAL_SCHEMAS("svv_external_schemas", "schemaname", null,
            "esoid int, eskind int, schemaname string, esowner string, databasename string, esoptions string") {
        @Override
        void addRows(CatalogContents c, Predicate<String> schemas, Predicate<String> tables, List<Object[]> rows) {
            int oid = 0;
            for (ExternalSchemaRegistry.Entry e : c.externalSchemas()) {
                oid++;
                if (schemas.test(e.name())) { // a schema whose options have problems: its settings are NULL
                    ExternalSchema s = e.broken() ? null : e.schema();
                    rows.add(new Object[] {oid, s == null ? null : Engines.named(s.engine()).redshiftKind(), e.name(), e.owner(),
                            s == null ? null : s.database(), s == null ? null : esoptions(s)});
                }
            }
        }
    },

    SVV_EXTERNAL_TABLES("svv_external_tables", "schemaname", "tablename",
            "redshift_database_name string, schemaname string, tablename string, tabletype string, location string,"
                    + " input_format string, output_format string, serialization_lib string, serde_parameters string,"
                    + " compressed int, parameters string") {
        @Override
        void addRows(CatalogContents c, Predicate<String> schemas, Predicate<String> tables, List<Object[]> rows) {
            forEachRelation(c, schemas, tables, (schema, relation) -> rows.add(new Object[] {
                    c.catalogName(), schema.name(), relation.table(), redshiftTableType(relation.kind()),
                    null, null, null, null, null, 0, relation.partitionOf() == null ? null
                            : "{" + jsonString("partition_of") + ":" + jsonString(relation.partitionOf()) + "}"}));
        }
    },

    SVV_EXTERNAL_COLUMNS("svv_external_columns", "schemaname", "tablename",
            "redshift_database_name string, schemaname string, tablename string, columnname string,"
                    + " external_type string, columnnum int, part_key int, is_nullable string") {
        @Override
        void addRows(CatalogContents c, Predicate<String> schemas, Predicate<String> tables, List<Object[]> rows) {
            forEachColumn(c, schemas, tables, (schema, table, position, column) -> rows.add(new Object[] {
                    c.catalogName(), schema.name(), table.relation().table(), column.name(), column.remoteType(),
                    position, 0, column.nullable() ? "true" : "false"}));
        }
    },

    /** Redshift's SVL_FEDERATED_QUERY: the remote statements this driver ran (its bounded log), oldest first. */
    SVL_FEDERATED_QUERY("svl_federated_query", "schemaname", null, RemoteStatement.COLUMNS) {
        @Override
        void addRows(CatalogContents c, Predicate<String> schemas, Predicate<String> tables, List<Object[]> rows) {
            RemoteStatementLog.entries().stream().filter(s -> schemas.test(s.schemaName())).forEach(s -> rows.add(s.row()));
        }
    };

    public static final String INFORMATION_SCHEMA = "information_schema";
    public static final String PG_CATALOG = "pg_catalog";
    /** Which tables each metadata namespace lists. */
    private static final Map<String, List<MetadataView>> NAMESPACES = new java.util.TreeMap<>(Map.of(
            INFORMATION_SCHEMA, List.of(SCHEMATA, TABLES, COLUMNS, SVV_EXTERNAL_SCHEMAS, SVV_EXTERNAL_TABLES, SVV_EXTERNAL_COLUMNS,
                    SVL_FEDERATED_QUERY),
            PG_CATALOG, List.of(SVV_EXTERNAL_SCHEMAS, SVV_EXTERNAL_TABLES, SVV_EXTERNAL_COLUMNS, SVL_FEDERATED_QUERY)));

    private final String tableName;
    private final String schemaColumn;
    private final String tableColumn;
    private final StructType schema;

    MetadataView(String tableName, String schemaColumn, String tableColumn, String ddl) {
        this.tableName = tableName;
        this.schemaColumn = schemaColumn;
        this.tableColumn = tableColumn;
        this.schema = StructType.fromDDL(ddl);
    }

    public String tableName() {
        return tableName;
    }

    public StructType schema() {
        return schema;
    }

    /** The column holding the schema name (pruned by pushed filters), never null. */
    String schemaColumn() {
        return schemaColumn;
    }

    /** The column holding the table name, or null when the view has none. */
    String tableColumn() {
        return tableColumn;
    }

    /** Whether a namespace of the catalog is a metadata namespace. */
    public static boolean isMetadataNamespace(String namespace) {
        return NAMESPACES.containsKey(namespace.toLowerCase(Locale.ROOT));
    }

    public static Set<String> metadataNamespaces() {
        return NAMESPACES.keySet();
    }

    public static List<MetadataView> in(String namespace) {
        return NAMESPACES.getOrDefault(namespace.toLowerCase(Locale.ROOT), List.of());
    }

    public static Optional<MetadataView> find(String namespace, String table) {
        return in(namespace).stream().filter(v -> v.tableName.equalsIgnoreCase(table)).findFirst();
    }

    /** The view's rows (Java values: String, Integer or null), for the schemas and tables the predicates accept. */
    public List<Object[]> rows(CatalogContents contents, Predicate<String> schemas, Predicate<String> tables) {
        List<Object[]> rows = new ArrayList<>();
        addRows(contents, schemas, tables, rows);
        return rows;
    }

    abstract void addRows(CatalogContents c, Predicate<String> schemas, Predicate<String> tables, List<Object[]> rows);

    // ---- shared walks over the catalog ----

    private interface RelationVisitor {
        void visit(ExternalSchema schema, RemoteRelation relation);
    }

    private interface ColumnVisitor {
        void visit(ExternalSchema schema, RemoteTable table, int position, RemoteColumn column);
    }

    private interface ViewVisitor {
        void visit(String namespace, MetadataView view);
    }

    private static void forEachRelation(CatalogContents c, Predicate<String> schemas, Predicate<String> tables,
                                        RelationVisitor visitor) {
        for (ExternalSchemaRegistry.Entry e : c.externalSchemas()) {
            if (schemas.test(e.name())) {
                for (RemoteRelation relation : c.relations(e.schema())) { // a broken schema fails here, naming its problems
                    if (tables.test(relation.table())) {
                        visitor.visit(e.schema(), relation);
                    }
                }
            }
        }
    }

    private static void forEachColumn(CatalogContents c, Predicate<String> schemas, Predicate<String> tables,
                                      ColumnVisitor visitor) {
        forEachRelation(c, schemas, tables, (schema, relation) -> c.table(schema, relation.table()).ifPresent(table -> {
            int position = 0;
            for (RemoteColumn column : table.columns()) {
                visitor.visit(schema, table, ++position, column);
            }
        }));
    }

    private static void forEachView(Predicate<String> schemas, Predicate<String> tables, ViewVisitor visitor) {
        NAMESPACES.forEach((ns, views) -> {
            if (schemas.test(ns)) {
                views.stream().filter(v -> tables.test(v.tableName)).forEach(v -> visitor.visit(ns, v));
            }
        });
    }

    // ---- values ----

    private static String standardTableType(String kind) {
        return switch (kind) {
            case "VIEW", "MATERIALIZED VIEW" -> kind;
            case "FOREIGN TABLE" -> "FOREIGN";
            default -> "BASE TABLE";
        };
    }

    private static String redshiftTableType(String kind) {
        return kind.equals("VIEW") || kind.equals("MATERIALIZED VIEW") ? kind : "TABLE";
    }

    /** Redshift's esoptions: the schema's settings as a JSON object (ARNs and host names; never a password). */
    private static String esoptions(ExternalSchema schema) {
        StringBuilder json = new StringBuilder("{");
        schema.publicProperties().forEach((k, v) -> {
            if (!k.equals(FederatedOptions.ENGINE) && !k.equals(FederatedOptions.DATABASE)) {
                json.append(json.length() > 1 ? "," : "").append(jsonString(k.toUpperCase(Locale.ROOT)))
                        .append(':').append(jsonString(v));
            }
        });
        return json.append('}').toString();
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static Integer characterLength(DataType type) {
        return type instanceof VarcharType v ? Integer.valueOf(v.length())
                : type instanceof CharType ch ? Integer.valueOf(ch.length()) : null;
    }

    /** Decimal digits of exact numeric types, as information_schema reports them (radix 10 here). */
    private static Integer precision(DataType type) {
        if (type instanceof DecimalType d) {
            return d.precision();
        }
        return type instanceof ByteType ? Integer.valueOf(3) : type instanceof ShortType ? Integer.valueOf(5)
                : type instanceof IntegerType ? Integer.valueOf(10) : type instanceof LongType ? Integer.valueOf(19) : null;
    }

    private static Integer scale(DataType type) {
        if (type instanceof DecimalType d) {
            return d.scale();
        }
        return precision(type) != null ? Integer.valueOf(0) : null;
    }
}
