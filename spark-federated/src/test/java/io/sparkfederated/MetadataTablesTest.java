package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * information_schema and Redshift's svv_external_* tables inside the catalog: they list what SHOW
 * NAMESPACES, SHOW TABLES and DESCRIBE show, with the standard and Redshift column names.
 */
class MetadataTablesTest {

    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
    }

    private static List<String> strings(String sql, int column) {
        return spark.sql(sql).collectAsList().stream().map(r -> r.getString(column)).collect(Collectors.toList());
    }

    @Test
    void theMetadataNamespacesListTheirTables() {
        assertThat(strings("SHOW TABLES IN fed.information_schema", 1)).containsExactly("schemata", "tables", "columns",
                "svv_external_schemas", "svv_external_tables", "svv_external_columns", "svl_federated_query");
        assertThat(strings("SHOW TABLES IN fed.pg_catalog", 1))
                .containsExactly("svv_external_schemas", "svv_external_tables", "svv_external_columns", "svl_federated_query");
        assertThat(spark.table("fed.pg_catalog.svv_external_columns").columns()).containsExactly("redshift_database_name",
                "schemaname", "tablename", "columnname", "external_type", "columnnum", "part_key", "is_nullable");
        assertThat(spark.table("fed.information_schema.columns").columns()).startsWith("table_catalog", "table_schema",
                "table_name", "column_name", "ordinal_position", "column_default", "is_nullable", "data_type");
    }

    @Test
    void schemataAgreesWithShowNamespaces() {
        assertThat(strings("SELECT schema_name FROM fed.information_schema.schemata", 0))
                .containsExactlyInAnyOrderElementsOf(strings("SHOW NAMESPACES IN fed", 0));
        assertThat(strings("SELECT DISTINCT catalog_name FROM fed.information_schema.schemata", 0)).containsExactly("fed");
    }

    @Test
    void tablesAgreeWithShowTablesAndNameTheKinds() {
        Map<String, String> types = spark.sql("SELECT table_name, table_type FROM fed.information_schema.tables"
                        + " WHERE table_schema = 'apg'").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
        assertThat(types.keySet()).containsExactlyInAnyOrderElementsOf(strings("SHOW TABLES IN fed.apg", 1));
        assertThat(types).containsEntry("orders", "BASE TABLE").containsEntry("open_orders", "VIEW")
                .containsEntry("order_totals", "MATERIALIZED VIEW").containsEntry("imported", "FOREIGN")
                .containsEntry("events", "BASE TABLE");
        Map<String, String> redshiftTypes = spark.sql("SELECT tablename, tabletype FROM fed.pg_catalog.svv_external_tables"
                        + " WHERE schemaname = 'apg'").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
        assertThat(redshiftTypes.keySet()).isEqualTo(types.keySet());
        assertThat(redshiftTypes).containsEntry("orders", "TABLE").containsEntry("open_orders", "VIEW")
                .containsEntry("order_totals", "MATERIALIZED VIEW");
    }

    @Test
    void partitionsAreListedAndNameTheTableTheyArePartsOf() {
        Map<String, String> partitionOf = new java.util.HashMap<>();
        spark.sql("SELECT table_name, table_type, partition_of FROM fed.information_schema.tables"
                + " WHERE table_schema = 'apg' AND table_name LIKE 'events%'").collectAsList()
                .forEach(r -> partitionOf.put(r.getString(0) + " " + r.getString(1), r.getString(2)));
        assertThat(partitionOf).containsOnlyKeys("events BASE TABLE", "events_eu BASE TABLE", "events_us BASE TABLE")
                .containsEntry("events BASE TABLE", null).containsEntry("events_eu BASE TABLE", "public.events")
                .containsEntry("events_us BASE TABLE", "public.events");
        Map<String, String> parameters = new java.util.HashMap<>();
        spark.sql("SELECT tablename, parameters FROM fed.pg_catalog.svv_external_tables"
                + " WHERE schemaname = 'apg' AND tablename LIKE 'events%'").collectAsList()
                .forEach(r -> parameters.put(r.getString(0), r.getString(1)));
        assertThat(parameters).containsOnlyKeys("events", "events_eu", "events_us").containsEntry("events", null)
                .containsEntry("events_eu", "{\"partition_of\":\"public.events\"}");
        assertThat(strings("SELECT DISTINCT table_name FROM fed.information_schema.columns"
                + " WHERE table_schema = 'apg' AND table_name = 'events_eu'", 0)).containsExactly("events_eu");
    }

    @Test
    void columnsAgreeWithDescribe() {
        List<Row> describe = spark.sql("DESCRIBE TABLE fed.apg.orders").collectAsList().stream()
                .takeWhile(r -> !r.getString(0).isEmpty() && !r.getString(0).startsWith("#")).toList();
        List<Row> columns = spark.sql("SELECT column_name, data_type, remote_data_type, ordinal_position, is_nullable"
                + " FROM fed.information_schema.columns WHERE table_schema = 'apg' AND table_name = 'orders'"
                + " ORDER BY ordinal_position").collectAsList();
        assertThat(columns).hasSameSizeAs(describe).isNotEmpty();
        var schema = spark.table("fed.apg.orders").schema();
        for (int i = 0; i < describe.size(); i++) {
            assertThat(columns.get(i).getString(0)).isEqualTo(describe.get(i).getString(0));
            assertThat(columns.get(i).getString(1)).isEqualTo(describe.get(i).getString(1));
            assertThat(columns.get(i).getString(2)).isEqualTo(describe.get(i).getString(2)); // DESCRIBE's comment: the remote type
            assertThat(columns.get(i).getInt(3)).isEqualTo(i + 1);
            assertThat(columns.get(i).getString(4)).isEqualTo(schema.fields()[i].nullable() ? "YES" : "NO");
        }
        Row amount = spark.sql("SELECT numeric_precision, numeric_scale FROM fed.information_schema.columns"
                + " WHERE table_schema = 'apg' AND table_name = 'orders' AND column_name = 'amount'").first();
        assertThat(amount.getInt(0)).isEqualTo(12);
        assertThat(amount.getInt(1)).isEqualTo(2);

        List<Row> redshift = spark.sql("SELECT columnname, external_type, columnnum, is_nullable"
                + " FROM fed.pg_catalog.svv_external_columns WHERE schemaname = 'apg' AND tablename = 'orders'"
                + " ORDER BY columnnum").collectAsList();
        assertThat(redshift).hasSameSizeAs(columns);
        for (int i = 0; i < redshift.size(); i++) {
            assertThat(redshift.get(i).getString(0)).isEqualTo(columns.get(i).getString(0));
            assertThat(redshift.get(i).getString(1)).isEqualTo(columns.get(i).getString(2));
            assertThat(redshift.get(i).getString(3)).isEqualTo(columns.get(i).getString(4).equals("YES") ? "true" : "false");
        }
    }

    @Test
    void svvExternalSchemasDescribesEachSchemaWithoutAPassword() {
        List<Row> rows = spark.sql("SELECT esoid, eskind, schemaname, databasename, esoptions"
                + " FROM fed.pg_catalog.svv_external_schemas ORDER BY esoid").collectAsList();
        assertThat(rows).extracting(r -> r.getString(2)).containsExactly("apg", "crm", "tricky");
        assertThat(rows).extracting(r -> r.getInt(1)).containsOnly(3); // 3 = PostgreSQL, as in Redshift
        assertThat(rows.get(0).getString(3)).isEqualTo(TestEnv.MAIN_DB);
        String options = rows.get(0).getString(4);
        assertThat(options).startsWith("{").endsWith("}").contains("\"URI\":\"").contains("\"SCHEMA\":\"public\"")
                .doesNotContain(TestEnv.postgres().password());
        assertThat(rows.get(2).getString(4)).contains("\"SCHEMA\":\"Mixed Case.Schema\"");
    }

    @Test
    void filtersOnSchemaNamesSpareTheOtherDatabases() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String catalog = TestEnv.defineCatalog("metaprune", TestEnv.postgres(), TestEnv.MAIN_DB, Map.of());
        spark.conf().set("spark.sql.catalog.metaprune.schemas.down.engine", "postgres");
        spark.conf().set("spark.sql.catalog.metaprune.schemas.down.uri", "127.0.0.1");
        spark.conf().set("spark.sql.catalog.metaprune.schemas.down.port", Integer.toString(closedPort));
        spark.conf().set("spark.sql.catalog.metaprune.schemas.down.database", "nowhere");
        spark.conf().set("spark.sql.catalog.metaprune.schemas.down.user", "nobody");
        spark.conf().set("spark.sql.catalog.metaprune.schemas.down.connect_timeout", "2");

        // only schema 's' is asked: the unreachable one is never contacted
        List<String> tables = new ArrayList<>(strings("SELECT table_name FROM " + catalog
                + ".information_schema.tables WHERE table_schema = 's'", 0));
        assertThat(tables).contains("orders");
        // the unfiltered listing needs every schema, and says which one failed
        assertThat(TestEnv.failureMessages(() -> spark.sql("SELECT * FROM " + catalog + ".information_schema.tables").collect()))
                .contains("'down'");
    }
}
