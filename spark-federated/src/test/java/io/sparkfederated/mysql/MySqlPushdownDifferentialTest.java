package io.sparkfederated.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.sparkfederated.TestEnv;
import io.sparkfederated.sandbox.MariaDbServer;

/**
 * Every query gives the same answer through the connector (with whatever it pushes to MySQL) as Spark
 * computes itself on the same rows, over MySQL's hard values: zero dates, unsigned extremes, TINYINT(1)
 * holding 2, trailing blanks, 'ß' / 'ss' / 's' and 'é' / 'e' under a case- and accent-insensitive
 * collation, backslashes and quotes.
 */
class MySqlPushdownDifferentialTest {

    private static final String DB = "my_diff";
    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        MariaDbServer my = MySqlTestEnv.server();
        spark = MySqlTestEnv.spark();
        my.recreateDatabase(DB);
        my.execute(DB,
                """
                CREATE TABLE hard (id int PRIMARY KEY, i int, u bigint unsigned, d decimal(20,4), flag tinyint(1), dt date,
                  s varchar(20) COLLATE utf8mb4_general_ci, c char(5) CHARACTER SET latin1, f double)""",
                """
                INSERT INTO hard VALUES
                  (1, 1, 18446744073709551615, 123456789012381.6770, 2, '2024-02-29', 'ß', 'a', 0.1),
                  (2, -2147483648, 0, -0.0001, 1, '0000-00-00', 'ss', 'a  ', NULL),
                  (3, 2147483647, 9223372036854775808, 1.5, 0, '1000-01-01', 's', 'A', -0.0),
                  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1e308),
                  (5, 0, 9223372036854775807, 1.5000, 2, '9999-12-31', 'é', 'é', 2.5),
                  (6, 7, 1, 99999999999999.9999, 0, '1970-01-01', 'e', 'E', 3),
                  (7, 7, 2, 0, 1, '2024-02-29', 'E', 'b', 4),
                  (8, -1, 3, 1.5, NULL, '2000-01-01', 'a\\\\b', 'x''y', 5),
                  (9, 2, 4, 2, 0, '2000-00-00', 'a ', 'a', 6),
                  (10, 3, 5, 3, 1, '2001-02-03', 'a', '', 7)""");
        my.execute(DB, "CREATE TABLE wide (id int PRIMARY KEY, w decimal(38,0), n smallint unsigned)",
                "INSERT INTO wide VALUES (1, 99999999999999999999999999999999999999, 65535), (2, 1, 65535), (3, NULL, NULL)");
        MySqlTestEnv.defineCatalog("mydiff", DB, Map.of());
        spark.createDataFrame(spark.table("mydiff.s.hard").collectAsList(), spark.table("mydiff.s.hard").schema())
                .createOrReplaceTempView("hard_local");
        spark.createDataFrame(spark.table("mydiff.s.wide").collectAsList(), spark.table("mydiff.s.wide").schema())
                .createOrReplaceTempView("wide_local");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT id FROM %s WHERE i > 0",
        "SELECT id FROM %s WHERE i IN (1, 7, NULL)",
        "SELECT id FROM %s WHERE NOT (i IN (1, 7))",
        "SELECT id FROM %s WHERE i IS NULL OR i < -1",
        "SELECT id FROM %s WHERE i <=> NULL",
        "SELECT id FROM %s WHERE NOT (i = 7)",
        "SELECT id FROM %s WHERE u = 18446744073709551615",
        "SELECT id FROM %s WHERE u > 9223372036854775807",
        "SELECT id FROM %s WHERE d > 1.5",
        "SELECT id FROM %s WHERE d = 1.5",
        "SELECT id FROM %s WHERE d = 123456789012381.6770",
        "SELECT id FROM %s WHERE flag = true",
        "SELECT id FROM %s WHERE flag",
        "SELECT id FROM %s WHERE NOT flag",
        "SELECT id FROM %s WHERE flag IS NULL",
        "SELECT id FROM %s WHERE dt IS NULL",
        "SELECT id FROM %s WHERE dt IS NOT NULL AND dt < DATE'2000-01-02'",
        "SELECT id FROM %s WHERE dt IN (DATE'2024-02-29', DATE'1000-01-01')",
        "SELECT id FROM %s WHERE s = 'ss'",
        "SELECT id FROM %s WHERE s = 'é'",
        "SELECT id FROM %s WHERE s IN ('a', 'ß', 'E')",
        "SELECT id FROM %s WHERE s = 'a\\\\b'",
        "SELECT id FROM %s WHERE s > 'e'",
        "SELECT id FROM %s WHERE s LIKE 'a%%'",
        "SELECT id FROM %s WHERE c = 'a'",
        "SELECT id FROM %s WHERE c = 'x''y' OR i = 2",
        "SELECT id FROM %s WHERE f = 0.0",
        "SELECT id, i FROM %s ORDER BY i NULLS FIRST, id LIMIT 3",
        "SELECT id, i FROM %s ORDER BY i DESC NULLS LAST, id LIMIT 3",
        "SELECT id, d FROM %s ORDER BY d ASC NULLS LAST, id DESC LIMIT 4",
        "SELECT id, dt FROM %s ORDER BY dt, id LIMIT 4",
        "SELECT id FROM %s ORDER BY s, id LIMIT 3",
        "SELECT min(dt), max(dt), count(dt), count(DISTINCT dt) FROM %s",
        "SELECT min(u), max(u), min(d), max(d), count(*) FROM %s",
        "SELECT min(flag), max(flag), count(flag) FROM %s",
        "SELECT flag, count(*) FROM %s GROUP BY flag",
        "SELECT dt, count(*) FROM %s GROUP BY dt",
        "SELECT s, count(*) FROM %s GROUP BY s",
        "SELECT min(s), max(s), count(DISTINCT s) FROM %s",
        "SELECT sum(d), sum(i), avg(i) FROM %s",
        "SELECT id FROM %s WHERE i > 0 LIMIT 2 OFFSET 1",
        "SELECT sum(i), avg(i), sum(DISTINCT i), avg(DISTINCT i), sum(u), avg(u) FROM %s",
        "SELECT flag, sum(i), avg(i), sum(d), count(s), count(f) FROM %s GROUP BY flag",
        "SELECT dt, sum(DISTINCT d) FROM %s WHERE dt IS NOT NULL GROUP BY dt",
        "SELECT id FROM %s WHERE s LIKE '%%s%%'",
        "SELECT id FROM %s WHERE s LIKE 'e'",
        "SELECT id FROM %s WHERE c LIKE 'a%%'"
    })
    void theConnectorAnswersAsSparkDoes(String template) {
        String remote = template.formatted("mydiff.s.hard");
        String local = template.formatted("hard_local");
        List<Row> expected = spark.sql(local).collectAsList();
        List<Row> actual = spark.sql(remote).collectAsList();
        if (template.contains("ORDER BY")) {
            assertThat(actual).as(remote).containsExactlyElementsOf(expected);
        } else if (template.contains("LIMIT")) {
            assertThat(actual).as(remote).hasSameSizeAs(expected); // any rows of the filter: a LIMIT without order
        } else {
            assertThat(actual).as(remote).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** Outside ANSI mode decimal sums go to MySQL too, NULL where they do not fit Spark's type. */
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT sum(d), sum(u), sum(DISTINCT d), avg(i) FROM %s",
        "SELECT flag, sum(d), sum(u) FROM %s GROUP BY flag",
        "SELECT sum(i), sum(u), sum(d) FROM %s WHERE i IS NULL"
    })
    void withoutAnsiModeTheConnectorAnswersAsSparkDoes(String template) {
        withoutAnsi(() -> theConnectorAnswersAsSparkDoes(template));
    }

    @Test
    void decimalSumsHaveSparksTypeAndOverflow() {
        assertThat(spark.sql("SELECT sum(d) FROM mydiff.s.hard").schema().fields()[0].dataType().simpleString())
                .isEqualTo("decimal(30,4)");
        withoutAnsi(() -> {
            assertThat(plan("SELECT sum(d), avg(i) FROM mydiff.s.hard"))
                    .contains("CASE WHEN ABS(SUM(`d`)) >= 100000000000000000000000000 THEN NULL ELSE SUM(`d`) END",
                            "(SUM(`i`) * 1e0) / (COUNT(`i`) * 1e0)");
            assertThat(spark.sql("SELECT sum(d) FROM mydiff.s.hard").first().getDecimal(0))
                    .isEqualByComparingTo("223456789012391.1768");
            for (String sum : List.of("SELECT sum(w), sum(n) FROM %s", "SELECT id > 1, sum(w) FROM %s GROUP BY id > 1")) {
                assertThat(spark.sql(sum.formatted("mydiff.s.wide")).collectAsList()).as(sum)
                        .containsExactlyInAnyOrderElementsOf(spark.sql(sum.formatted("wide_local")).collectAsList());
            }
        });
        // under ANSI mode the overflowing sum stays in Spark, which fails as on its own rows (whose error
        // class depends on Spark's plan: ARITHMETIC_OVERFLOW or NUMERIC_VALUE_OUT_OF_RANGE)
        withAnsi(true, () -> { // set: Spark 3.5 runs without ANSI mode by default
            assertThat(plan("SELECT sum(w) FROM mydiff.s.wide")).doesNotContain("SUM(");
            for (String table : List.of("mydiff.s.wide", "wide_local")) {
                assertThat(TestEnv.failureMessages(spark.sql("SELECT sum(w) FROM " + table)::collect)).as(table)
                        .contains("SparkArithmeticException", "\"spark.sql.ansi.enabled\" to \"false\"");
            }
        });
    }

    @Test
    void likeStaysInSparkOnCaseAndAccentInsensitiveText() {
        assertThat(plan("SELECT id FROM mydiff.s.hard WHERE s LIKE 'e%'")).doesNotContain("LIKE");
    }

    private static void withoutAnsi(Runnable body) {
        withAnsi(false, body);
    }

    private static void withAnsi(boolean on, Runnable body) {
        String before = spark.conf().get("spark.sql.ansi.enabled");
        spark.conf().set("spark.sql.ansi.enabled", Boolean.toString(on));
        try {
            body.run();
        } finally {
            spark.conf().set("spark.sql.ansi.enabled", before);
        }
    }

    @Test
    void exactFormsArePushedAndStringsOnlyNarrow() {
        assertThat(plan("SELECT id FROM mydiff.s.hard WHERE flag = true AND dt < DATE'2000-01-02' AND u > 1"))
                .contains("(`flag` <> 0) = 1", "DATEDIFF(`dt`, '1970-01-01') < 10958", "`u` > 1");
        assertThat(plan("SELECT id FROM mydiff.s.hard WHERE s = 'ß'")).contains("`s` IN ('ß')");
        assertThat(plan("SELECT id, i FROM mydiff.s.hard ORDER BY i NULLS LAST LIMIT 2"))
                .contains("ORDER BY (`i` IS NULL) ASC, `i` ASC LIMIT 2");
        assertThat(plan("SELECT flag, count(*) FROM mydiff.s.hard GROUP BY flag")).contains("GROUP BY (`flag` <> 0)");
        assertThat(plan("SELECT id FROM mydiff.s.hard WHERE f = 0.0")).doesNotContain("`f` =");
    }

    private static String plan(String sql) {
        Dataset<Row> df = spark.sql(sql);
        return df.queryExecution().executedPlan().toString();
    }
}
