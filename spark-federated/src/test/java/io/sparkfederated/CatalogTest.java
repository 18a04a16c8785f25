package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** External schemas as Spark namespaces and remote relations as Spark tables, through SQL. */
class CatalogTest {

    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
    }

    private static List<String> column(String sql, int index) {
        return spark.sql(sql).collectAsList().stream().map(r -> r.getString(index)).collect(Collectors.toList());
    }

    @Test
    void showNamespacesListsEveryExternalSchema() {
        assertThat(column("SHOW NAMESPACES IN fed", 0))
                .containsExactlyInAnyOrder("apg", "crm", "tricky", "information_schema", "pg_catalog");
    }

    @Test
    void showTablesListsTablesViewsMaterializedViewsForeignPartitionedTablesAndTheirPartitions() {
        // other test classes add their own tables to this database, so check membership, not the whole list
        assertThat(column("SHOW TABLES IN fed.apg", 1))
                .contains("events", "events_eu", "events_us", "imported", "open_orders", "order_totals", "orders")
                .doesNotContain("ticket_seq");
        assertThat(spark.sql("SELECT id FROM fed.apg.events_us").collectAsList()).hasSize(1);
    }

    @Test
    void describeShowsMappedTypesNullabilityAndTheRemoteType() {
        List<Row> rows = spark.sql("DESCRIBE TABLE fed.apg.orders").collectAsList();
        Map<String, String> types = rows.stream().filter(r -> !r.getString(0).isEmpty() && !r.getString(0).startsWith("#"))
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1), (a, b) -> a));
        assertThat(types).containsEntry("id", "bigint").containsEntry("customer_id", "int")
                .containsEntry("amount", "decimal(12,2)").containsEntry("status", "string")
                .containsEntry("ordered_at", "timestamp_ntz");
        Map<String, String> comments = rows.stream().filter(r -> r.getString(0).equals("amount"))
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(2)));
        assertThat(comments).containsEntry("amount", "numeric(12,2)");
        var schema = spark.table("fed.apg.orders").schema();
        assertThat(schema.apply("id").nullable()).isFalse();
        assertThat(schema.apply("status").nullable()).isFalse();
        assertThat(schema.apply("amount").nullable()).isTrue();
    }

    @Test
    void selectReadsRowsIncludingNulls() {
        List<Row> rows = spark.sql("SELECT id, amount, status, ordered_at FROM fed.apg.orders ORDER BY id").collectAsList();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).getDecimal(1)).isEqualByComparingTo("120.50");
        assertThat(rows.get(2).isNullAt(1)).isTrue();
        assertThat(rows.get(2).isNullAt(3)).isTrue();
        assertThat(rows.get(3).get(3).toString()).isEqualTo("2024-03-10T23:59:59.999999");
    }

    @Test
    void readsViewsMaterializedViewsForeignTablesAndPartitionedTables() {
        assertThat(spark.sql("SELECT id FROM fed.apg.open_orders").collectAsList()).extracting(r -> r.getLong(0))
                .containsExactly(2L);
        assertThat(spark.sql("SELECT count(*) FROM fed.apg.order_totals").first().getLong(0)).isEqualTo(3L);
        assertThat(spark.sql("SELECT count(*) FROM fed.apg.imported").first().getLong(0)).isZero();
        assertThat(spark.sql("SELECT region, count(*) FROM fed.apg.events GROUP BY region ORDER BY region")
                .collectAsList().toString()).isEqualTo("[[eu,2], [us,1]]");
    }

    @Test
    void joinsTablesOfTwoDatabasesWithALocalDataFrame() {
        spark.createDataFrame(List.of(
                        new CountryRow("GB", "United Kingdom"), new CountryRow("US", "United States")), CountryRow.class)
                .createOrReplaceTempView("countries");
        List<Row> rows = spark.sql("""
                SELECT c.name, k.countryName, sum(o.amount) AS total
                FROM fed.apg.orders o
                JOIN fed.crm.customers c ON c.id = o.customer_id
                JOIN countries k ON k.code = c.country
                GROUP BY c.name, k.countryName ORDER BY c.name""").collectAsList();
        assertThat(rows.toString()).isEqualTo("[[Ada,United Kingdom,120.50], [Grace,United States,99.99]]");
    }

    @Test
    void describeNamespaceShowsTheMappingButNeverThePassword() {
        String described = spark.sql("DESCRIBE NAMESPACE EXTENDED fed.apg").collectAsList().toString();
        assertThat(described).contains("postgres").contains(TestEnv.MAIN_DB);
        assertThat(described).doesNotContain(TestEnv.postgres().password());
    }

    @Test
    void unknownExternalSchemaAndUnknownTableAreClearErrors() {
        assertThatThrownBy(() -> spark.sql("SELECT * FROM fed.nope.orders").collect())
                .hasMessageContaining("TABLE_OR_VIEW_NOT_FOUND").hasMessageContaining("`fed`.`nope`.`orders`");
        assertThatThrownBy(() -> spark.sql("SHOW TABLES IN fed.nope").collect())
                .hasMessageContaining("SCHEMA_NOT_FOUND");
        assertThatThrownBy(() -> spark.sql("SELECT * FROM fed.apg.no_such_table").collect())
                .hasMessageContaining("TABLE_OR_VIEW_NOT_FOUND").hasMessageContaining("no_such_table");
    }

    @Test
    void columnPruningSelectsOnlyTheNeededColumns() {
        String plan = spark.sql("SELECT status FROM fed.apg.orders").queryExecution().executedPlan().toString();
        assertThat(plan).contains("RemoteSQL: SELECT \"status\" FROM \"public\".\"orders\"");
    }

    /** A row of the local DataFrame joined in {@link #joinsTablesOfTwoDatabasesWithALocalDataFrame}. */
    public static class CountryRow implements java.io.Serializable {
        private String code;
        private String countryName;

        public CountryRow() {
        }

        CountryRow(String code, String countryName) {
            this.code = code;
            this.countryName = countryName;
        }

        public String getCode() {
            return code;
        }

        public void setCode(String code) {
            this.code = code;
        }

        public String getCountryName() {
            return countryName;
        }

        public void setCountryName(String countryName) {
            this.countryName = countryName;
        }
    }
}
