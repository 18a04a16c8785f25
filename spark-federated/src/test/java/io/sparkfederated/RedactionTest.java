package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The password of an external schema appears in no plan, EXPLAIN, DESCRIBE or error text. */
class RedactionTest {

    private static SparkSession spark;
    private static String password;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        password = TestEnv.postgres().password();
        assertThat(password).hasSizeGreaterThan(8);
    }

    private static String everythingSparkShows(Dataset<Row> df) {
        df.collect();
        // parsed, analyzed, optimized and physical plans, as EXPLAIN EXTENDED and the Spark UI show them
        return df.queryExecution().toString() + "\n" + df.queryExecution().executedPlan().toString();
    }

    @Test
    void catalogQueriesDescribeAndExplainNeverShowThePassword() {
        String shown = everythingSparkShows(spark.sql("SELECT id FROM fed.apg.orders WHERE status = 'open'"))
                + spark.sql("EXPLAIN FORMATTED SELECT * FROM fed.apg.orders").collectAsList()
                + spark.sql("EXPLAIN EXTENDED SELECT * FROM fed.apg.orders WHERE id = 1").collectAsList()
                + spark.sql("DESCRIBE TABLE EXTENDED fed.apg.orders").collectAsList()
                + spark.sql("DESCRIBE NAMESPACE EXTENDED fed.apg").collectAsList()
                + spark.sql("SHOW TABLES IN fed.apg").collectAsList();
        assertThat(shown).contains("RemoteSQL").doesNotContain(password);
    }

    @Test
    void dataSourceReadsNeverShowThePassword() {
        Map<String, String> options = TestEnv.schemaOptions(TestEnv.postgres(), TestEnv.MAIN_DB, "public");
        Dataset<Row> df = spark.read().format("federated").options(options).option("dbtable", "orders").load();
        String shown = everythingSparkShows(df.filter("id > 1")) + df.schema().json();
        assertThat(shown).contains("RemoteSQL").doesNotContain(password);
    }

    @Test
    void theExternalSchemaDescriptionRedactsThePassword() {
        var schema = io.sparkfederated.catalog.ExternalSchemaParser.parse("apg",
                TestEnv.schemaOptions(TestEnv.postgres(), TestEnv.MAIN_DB, "public"), java.util.Set.of(), java.util.List.of());
        assertThat(schema.toString() + schema.describe() + schema.publicProperties()).doesNotContain(password)
                .contains("(redacted)");
    }
}
