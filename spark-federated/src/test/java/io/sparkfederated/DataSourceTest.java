package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One-off reads with {@code spark.read.format("federated")}. */
class DataSourceTest {

    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
    }

    private static DataFrameReader reader(String database) {
        Map<String, String> options = TestEnv.schemaOptions(TestEnv.postgres(), database, "public");
        options.remove("schema");
        return spark.read().format("federated").options(options);
    }

    @Test
    void readsATableGivenAsSchemaDotTable() {
        List<Row> rows = reader(TestEnv.MAIN_DB).option("dbtable", "public.orders").load()
                .select("id", "status").orderBy("id").collectAsList();
        assertThat(rows.toString()).isEqualTo("[[1,shipped], [2,open], [3,cancelled], [4,shipped]]");
    }

    @Test
    void readsATableWithQuotedNamesAndDefaultSchema() {
        assertThat(reader(TestEnv.CRM_DB).option("dbtable", "customers").load().count()).isEqualTo(4);
        assertThat(reader(TestEnv.MAIN_DB).option("dbtable", "\"Mixed Case.Schema\".\"CamelCase\"").load()
                .first().getInt(0)).isEqualTo(5);
    }

    @Test
    void readsARemoteSelectWithItsResultTypes() {
        var df = reader(TestEnv.MAIN_DB)
                .option("query", "SELECT customer_id, sum(amount) AS total, array_agg(id ORDER BY id) AS ids,"
                        + " count(*) AS n FROM orders GROUP BY customer_id;")
                .load();
        assertThat(df.schema().simpleString())
                .isEqualTo("struct<customer_id:int,total:decimal(38,18),ids:array<bigint>,n:bigint>");
        assertThat(TestEnv.show(df.orderBy("customer_id").collectAsList()))
                .isEqualTo("[[10,120.500000000000000000,ArraySeq(1, 3),2], [11,99.990000000000000000,ArraySeq(2),1],"
                        + " [12,5000.000000000000000000,ArraySeq(4),1]]");
    }

    @Test
    void queryKeepsDeclaredNumericPrecisionAndIsShownInExplain() {
        var df = reader(TestEnv.MAIN_DB).option("query", "SELECT amount::numeric(7,1) AS a FROM orders WHERE id = 1").load();
        assertThat(df.schema().simpleString()).isEqualTo("struct<a:decimal(7,1)>");
        assertThat(df.queryExecution().executedPlan().toString())
                .contains("RemoteSQL: SELECT \"a\" FROM (SELECT amount::numeric(7,1) AS a FROM orders WHERE id = 1) AS \"q\"");
    }

    @Test
    void aQueryEndingInALineCommentIsReadWithFiltersOnTop() {
        var df = reader(TestEnv.MAIN_DB).option("query", "SELECT 1 AS x -- trailing comment").load();
        assertThat(df.collectAsList().toString()).isEqualTo("[[1]]");
        var multiLine = reader(TestEnv.MAIN_DB).option("query", "SELECT id -- the key\nFROM orders -- all of them").load();
        assertThat(multiLine.where("id > 2").orderBy("id").collectAsList().toString()).isEqualTo("[[3], [4]]");
    }

    @Test
    void optionErrorsNameTheOptionToFix() {
        assertThatThrownBy(() -> reader(TestEnv.MAIN_DB).load())
                .hasMessageContaining("set exactly one of the options 'dbtable'");
        assertThatThrownBy(() -> reader(TestEnv.MAIN_DB).option("dbtable", "orders").option("query", "SELECT 1").load())
                .hasMessageContaining("set exactly one of the options 'dbtable'");
        assertThatThrownBy(() -> reader(TestEnv.MAIN_DB).option("dbtable", "orders").option("colour", "blue").load())
                .hasMessageContaining("unknown option 'colour'");
        assertThatThrownBy(() -> reader(TestEnv.MAIN_DB).option("dbtable", "public.nothing").load())
                .hasMessageContaining("table 'public.nothing' does not exist");
        assertThatThrownBy(() -> reader(TestEnv.MAIN_DB).option("query", "SELECT 1 AS a, 2 AS a").load())
                .hasMessageContaining("more than one column named 'a'");
        assertThatThrownBy(() -> reader(TestEnv.MAIN_DB).option("query", "SELEC 1").load())
                .hasMessageContaining("describing the 'query' option failed").hasMessageContaining("syntax error");
    }
}
