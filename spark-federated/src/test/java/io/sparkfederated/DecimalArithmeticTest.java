package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decimal {@code + - *} pushed to PostgreSQL under ANSI mode with Spark's result types: TPC-H Q1's
 * sums of products run remotely and answer as Spark does; a value that does not fit Spark's type
 * fails with Spark's error class; outside ANSI mode the arithmetic stays in Spark.
 */
class DecimalArithmeticTest {

    private static final String Q1 = "SELECT flag, sum(price * (1 - disc)) AS charge, sum(price * (1 - disc) * (1 + tax)) AS total,"
            + " avg(price) AS mean, count(*) AS n FROM %s GROUP BY flag ORDER BY flag";

    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        spark.conf().set("spark.sql.ansi.enabled", "true"); // Spark 4's default; 3.5's is off
        TestEnv.postgres().execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS dec_items",
                "CREATE TABLE dec_items (id int, flag char(1), price numeric(15,2), disc numeric(15,2), tax numeric(15,2),"
                        + " big numeric(38,4))",
                "INSERT INTO dec_items SELECT g, CASE WHEN g % 3 = 0 THEN 'A' ELSE 'N' END, (g * 1234.57) % 100000,"
                        + " (g % 11) / 100.0, (g % 9) / 100.0, g FROM generate_series(1, 5000) g",
                "INSERT INTO dec_items VALUES (0, 'X', 1.00, 0.05, 0.05, 9999999999999999999999999999999999.9999)");
        var rows = spark.table("fed.apg.dec_items");
        spark.createDataFrame(rows.collectAsList(), rows.schema()).createOrReplaceTempView("dec_items_local");
    }

    @Test
    void sumsOfDecimalProductsRunRemotelyWithSparksAnswer() {
        Dataset<Row> pushed = spark.sql(Q1.formatted("fed.apg.dec_items") .replace("GROUP BY", "WHERE id > 0 GROUP BY"));
        assertThat(TestEnv.remoteSql(pushed)).contains("GROUP BY").contains("(\"price\") * (").contains("AS numeric(38,6)");
        List<String> expected = spark.sql(Q1.formatted("dec_items_local").replace("GROUP BY", "WHERE id > 0 GROUP BY"))
                .collectAsList().stream().map(Row::toString).toList();
        assertThat(pushed.collectAsList()).extracting(Row::toString).isEqualTo(expected).hasSize(2);
        assertThat(pushed.schema().apply("total").dataType().simpleString()).isEqualTo("decimal(38,6)");
    }

    @Test
    void aValueBeyondSparksTypeFailsAsSparksDoes() {
        String sql = "SELECT count(*) FROM %s WHERE big * 2 > 0";
        assertThat(TestEnv.remoteSql(spark.sql(sql.formatted("fed.apg.dec_items")))).contains("AS numeric(38,4)");
        assertThat(TestEnv.failureMessages(() -> spark.sql(sql.formatted("dec_items_local")).collect()))
                .contains("NUMERIC_VALUE_OUT_OF_RANGE");
        assertThat(TestEnv.failureMessages(() -> spark.sql(sql.formatted("fed.apg.dec_items")).collect()))
                .contains("[NUMERIC_VALUE_OUT_OF_RANGE]").contains("pushed-down arithmetic");
    }

    @Test
    void outsideAnsiModeTheArithmeticStaysInSpark() {
        spark.conf().set("spark.sql.ansi.enabled", "false");
        try {
            Dataset<Row> df = spark.sql("SELECT count(*) FROM fed.apg.dec_items WHERE price * disc > 100");
            assertThat(TestEnv.remoteSql(df)).doesNotContain(") * (");
            assertThat(df.first().getLong(0)).isEqualTo(spark.sql("SELECT count(*) FROM dec_items_local WHERE price * disc > 100")
                    .first().getLong(0));
        } finally {
            spark.conf().set("spark.sql.ansi.enabled", "true");
        }
    }

    @AfterAll
    static void tearDown() {
        spark.conf().unset("spark.sql.ansi.enabled");
    }
}
