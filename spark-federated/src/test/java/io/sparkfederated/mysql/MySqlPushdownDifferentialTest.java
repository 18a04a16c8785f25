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
                  s varchar(20) COLLATE utf8mb4_general_ci, c char(5) CHARACTER SET latin1, f double,
                  b bigint, ts timestamp(6) NULL, dtm datetime(3), fl float)""",
                """
                INSERT INTO hard VALUES
                  (1, 1, 18446744073709551615, 123456789012381.6770, 2, '2024-02-29', 'ß', 'a', 0.1,
                     4611686018427387904, '2024-02-29 12:34:56.123456', '1000-01-01 00:00:00', 0.1),
                  (2, -2147483648, 0, -0.0001, 1, '0000-00-00', 'ss', 'a  ', NULL,
                     -4611686018427387904, '0000-00-00 00:00:00', '0000-00-00 00:00:00', -0.0),
                  (3, 2147483647, 9223372036854775808, 1.5, 0, '1000-01-01', 's', 'A', -0.0,
                     1, '1970-01-01 00:00:01', '9999-12-31 23:59:59.999', 0.0),
                  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1e308, NULL, NULL, NULL, NULL),
                  (5, 0, 9223372036854775807, 1.5000, 2, '9999-12-31', 'é', 'é', 2.5,
                     0, '2038-01-19 03:14:07.999999', '2024-02-29 23:59:59.999', 3.4e38),
                  (6, 7, 1, 99999999999999.9999, 0, '1970-01-01', 'e', 'E', 3,
                     -1, '2000-01-01 00:00:00', '1970-01-01 00:00:00', -1.5),
                  (7, 7, 2, 0, 1, '2024-02-29', 'E', 'b', 4,
                     5, '2024-02-29 12:34:56.123456', '1969-12-31 23:59:59.999', 1.2345679),
                  (8, -1, 3, 1.5, NULL, '2000-01-01', 'a\\\\b', 'x''y', 5,
                     100, '2000-01-01 00:00:00.000001', '2000-00-00 00:00:00', 2.5),
                  (9, 2, 4, 2, 0, '2000-00-00', 'a ', 'a', 6,
                     -100, '1999-12-31 23:59:59.999999', '2024-03-10 02:30:00', 16777217),
                  (10, 3, 5, 3, 1, '2001-02-03', 'a', '', 7,
                     7, '2001-02-03 04:05:06', '2024-02-29 23:59:59.999', -3.4e38)""");
        my.execute(DB, "CREATE TABLE wide (id int PRIMARY KEY, w decimal(38,0), n smallint unsigned)",
                "INSERT INTO wide VALUES (1, 99999999999999999999999999999999999999, 65535), (2, 1, 65535), (3, NULL, NULL)");
        my.execute(DB, "CREATE TABLE big (id int PRIMARY KEY, g int, b bigint)",
                "INSERT INTO big VALUES (1, 1, 9223372036854775807), (2, 1, 1), (3, 2, -9223372036854775808), (4, 2, NULL)");
        // the right side of the joins: keys of each pushable kind, some matching hard's, some not
        my.execute(DB, "CREATE TABLE other (id int PRIMARY KEY, k int, dt date, ts timestamp(6) NULL, dtm datetime(3),"
                        + " flag tinyint(1), f double, s varchar(20) COLLATE utf8mb4_general_ci, v decimal(10,2))",
                """
                INSERT INTO other VALUES
                  (1, 7, '2024-02-29', '2024-02-29 12:34:56.123456', '1000-01-01 00:00:00', 1, 0.0, 'SS', 1.25),
                  (2, 1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', 2, -0.0, 'e', NULL),
                  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 3.50),
                  (4, 2, '1000-01-01', '1970-01-01 00:00:01', '2024-02-29 23:59:59.999', 0, 2.5, 'a', -7.00),
                  (5, 99, '2001-02-03', '2001-02-03 04:05:06', '1969-12-31 23:59:59.999', 0, 3, 'x', 0.01)""");
        MySqlTestEnv.defineCatalog("mydiff", DB, Map.of());
        spark.createDataFrame(spark.table("mydiff.s.hard").collectAsList(), spark.table("mydiff.s.hard").schema())
                .createOrReplaceTempView("hard_local");
        for (String table : List.of("wide", "big", "other")) {
            spark.createDataFrame(spark.table("mydiff.s." + table).collectAsList(), spark.table("mydiff.s." + table).schema())
                    .createOrReplaceTempView(table + "_local");
        }
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
        "SELECT id FROM %s WHERE c LIKE 'a%%'",
        // DATETIME (timestamp_ntz) and TIMESTAMP: compared as the microseconds they are read as (zero dates NULL)
        "SELECT id FROM %s WHERE ts > TIMESTAMP'2000-01-01 00:00:00'",
        "SELECT id FROM %s WHERE ts = TIMESTAMP'2024-02-29 12:34:56.123456' OR ts <= TIMESTAMP'1970-01-01 00:00:01'",
        "SELECT id FROM %s WHERE ts IS NULL",
        "SELECT id FROM %s WHERE ts IN (TIMESTAMP'2000-01-01 00:00:00.000001', TIMESTAMP'2038-01-19 03:14:07.999999')",
        "SELECT id FROM %s WHERE NOT (ts < TIMESTAMP'2000-01-01 00:00:00')",
        "SELECT id FROM %s WHERE dtm < TIMESTAMP_NTZ'1970-01-01 00:00:00'",
        "SELECT id FROM %s WHERE dtm >= TIMESTAMP_NTZ'2024-02-29 23:59:59.999' OR dtm IS NULL",
        "SELECT id FROM %s WHERE dtm <=> TIMESTAMP_NTZ'1000-01-01 00:00:00'",
        "SELECT id FROM %s WHERE dtm = TIMESTAMP_NTZ'2024-03-10 02:30:00'",
        "SELECT id, ts FROM %s ORDER BY ts DESC NULLS FIRST, id LIMIT 4",
        "SELECT id, dtm FROM %s ORDER BY dtm, id LIMIT 5",
        "SELECT min(ts), max(ts), count(DISTINCT ts), min(dtm), max(dtm), count(DISTINCT dtm) FROM %s",
        "SELECT dtm, count(*) FROM %s GROUP BY dtm",
        "SELECT ts, count(*), min(dtm) FROM %s WHERE ts IS NOT NULL GROUP BY ts",
        // FLOAT and DOUBLE against finite literals: -0.0 = 0.0 on both sides; NaN and infinities stay in Spark
        "SELECT id FROM %s WHERE f = 0.0",
        "SELECT id FROM %s WHERE f = -0.0 OR f > 6.5",
        "SELECT id FROM %s WHERE f < 2.5 OR f >= 1e308",
        "SELECT id FROM %s WHERE f IN (0.1, 3.0, 7.0)",
        "SELECT id FROM %s WHERE f <> 3",
        "SELECT id FROM %s WHERE f < double('NaN')",
        "SELECT id FROM %s WHERE f < double('Infinity') AND f > double('-Infinity')",
        "SELECT id FROM %s WHERE fl = float(0.1)",
        "SELECT id FROM %s WHERE fl = float(1.2345679) OR fl = float(16777216)",
        "SELECT id FROM %s WHERE fl >= float(3.4e38) OR fl <= float(-3.4e38)",
        "SELECT id FROM %s WHERE fl = 0.1",
        "SELECT id FROM %s WHERE fl < float(0)",
        "SELECT id FROM %s WHERE fl = float(0) AND NOT (f = 0)",
        "SELECT id, f FROM %s ORDER BY f DESC NULLS LAST, id LIMIT 3",
        "SELECT id, fl FROM %s ORDER BY fl, id LIMIT 3",
        "SELECT id, fl, f FROM %s",
        "SELECT min(f), max(f), count(DISTINCT f), min(fl), max(fl), count(DISTINCT fl) FROM %s WHERE id <> 3",
        "SELECT count(DISTINCT fl), count(DISTINCT f) FROM %s",
        // bigint sums (ANSI mode, whose sums fit here)
        "SELECT sum(b), sum(DISTINCT b), count(b) FROM %s",
        "SELECT flag, sum(b) FROM %s GROUP BY flag",
        "SELECT sum(b) FROM %s WHERE b IS NULL"
    })
    void theConnectorAnswersAsSparkDoes(String template) {
        withAnsi(true, () -> sameAnswer(template.formatted("mydiff.s.hard"), template.formatted("hard_local"), template));
    }

    /** Joins of two tables of the database (one remote query from Spark 4.1) against Spark's join of the same rows. */
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT h.id, o.id FROM %1$s h JOIN %2$s o ON h.i = o.k",
        "SELECT h.id, o.id, o.v FROM %1$s h LEFT JOIN %2$s o ON h.i = o.k WHERE h.id > 2",
        "SELECT h.id, o.id FROM %1$s h RIGHT JOIN %2$s o ON h.i = o.k AND o.v > 0",
        "SELECT h.id, o.id, h.dt, o.dt FROM %1$s h JOIN %2$s o ON h.dt = o.dt",
        "SELECT h.id, o.id, o.ts FROM %1$s h JOIN %2$s o ON h.ts = o.ts",
        "SELECT h.id, o.id, o.dtm FROM %1$s h LEFT JOIN %2$s o ON h.dtm = o.dtm",
        "SELECT h.id, o.id FROM %1$s h JOIN %2$s o ON h.flag = o.flag WHERE o.k < 10",
        "SELECT h.id, o.id FROM %1$s h JOIN %2$s o ON h.f = o.f",
        "SELECT h.id, o.id FROM %1$s h JOIN %2$s o ON h.s = o.s",
        "SELECT h.id, o.id FROM %1$s h JOIN %2$s o ON h.id = o.id AND h.dt < o.dt",
        "SELECT o.k, count(*), sum(h.i), min(h.ts) FROM %1$s h JOIN %2$s o ON h.i = o.k GROUP BY o.k",
        "SELECT h.id, o.id, h.ts FROM %1$s h JOIN %2$s o ON h.i = o.k ORDER BY h.ts DESC, h.id, o.id LIMIT 3",
        "SELECT h.id, o.id FROM %1$s h JOIN %2$s o ON h.i = o.k JOIN %2$s p ON p.dt = h.dt"
    })
    void joinsAnswerAsSparkDoes(String template) {
        withAnsi(true, () -> sameAnswer(template.formatted("mydiff.s.hard", "mydiff.s.other"),
                template.formatted("hard_local", "other_local"), template));
    }

    private static void sameAnswer(String remote, String local, String template) {
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
        "SELECT sum(i), sum(u), sum(d) FROM %s WHERE i IS NULL",
        "SELECT sum(b), flag FROM %s GROUP BY flag"
    })
    void withoutAnsiModeTheConnectorAnswersAsSparkDoes(String template) {
        withoutAnsi(() -> sameAnswer(template.formatted("mydiff.s.hard"), template.formatted("hard_local"), template));
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
        // under ANSI mode the overflowing sum fails in MySQL as Spark's fails on its own rows (whose error
        // class depends on Spark's plan: ARITHMETIC_OVERFLOW or NUMERIC_VALUE_OUT_OF_RANGE)
        withAnsi(true, () -> { // set: Spark 3.5 runs without ANSI mode by default
            assertThat(plan("SELECT sum(w) FROM mydiff.s.wide")).contains("SUM(`w`)");
            assertThat(TestEnv.failureMessages(spark.sql("SELECT sum(w) FROM wide_local")::collect))
                    .contains("SparkArithmeticException", "\"spark.sql.ansi.enabled\" to \"false\"");
            assertThat(TestEnv.failureMessages(spark.sql("SELECT sum(w) FROM mydiff.s.wide")::collect))
                    .contains("[ARITHMETIC_OVERFLOW] sum(`w`) does not fit", "\"spark.sql.ansi.enabled\" to \"false\"");
            assertThat(spark.sql("SELECT id > 1, sum(w) FROM mydiff.s.wide WHERE id > 1 GROUP BY id > 1").collectAsList())
                    .containsExactlyInAnyOrderElementsOf(spark.sql("SELECT id > 1, sum(w) FROM wide_local WHERE id > 1 GROUP BY id > 1")
                            .collectAsList());
        });
    }

    /**
     * A bigint sum goes to MySQL under ANSI mode: exact, and failing where the total does not fit, as
     * Spark's fails. Outside it, it stays in Spark, which wraps around (try_sum, the same aggregate
     * for a data source, would be NULL: MySQL cannot tell them apart).
     */
    @Test
    void bigintSumsFailOnOverflowUnderAnsiAndStayInSparkWithout() {
        withAnsi(true, () -> {
            assertThat(plan("SELECT g, sum(b) FROM mydiff.s.big GROUP BY g")).contains("SUM(`b`)");
            assertThat(spark.sql("SELECT g, sum(b) FROM mydiff.s.big WHERE g = 2 GROUP BY g").collectAsList())
                    .containsExactlyElementsOf(spark.sql("SELECT g, sum(b) FROM big_local WHERE g = 2 GROUP BY g").collectAsList());
            for (String table : List.of("mydiff.s.big", "big_local")) {
                assertThat(TestEnv.failureMessages(spark.sql("SELECT sum(b) FROM " + table + " WHERE g = 1")::collect))
                        .as(table).contains("ARITHMETIC_OVERFLOW", "\"spark.sql.ansi.enabled\" to \"false\"");
            }
        });
        withoutAnsi(() -> {
            assertThat(plan("SELECT sum(b) FROM mydiff.s.big")).doesNotContain("SUM(");
            assertThat(spark.sql("SELECT sum(b) FROM mydiff.s.big WHERE g = 1").first().getLong(0)).isEqualTo(Long.MIN_VALUE);
        });
    }

    /** MySQL stores no NaN or infinity: a float column's values are finite, so comparisons with finite literals are Spark's. */
    @Test
    void floatColumnsHoldNoNanOrInfinityAndComparisonsArePushed() {
        assertThat(TestEnv.failureMessages(() -> MySqlTestEnv.server().execute(DB, "UPDATE hard SET f = 1e308 * 10 WHERE id = 4")))
                .containsIgnoringCase("out of range");
        assertThat(plan("SELECT id FROM mydiff.s.hard WHERE f > 2.5 AND fl = float(0.1)"))
                .contains("`f` > 2.5E0", "CAST(`fl` AS DOUBLE) = 0.10000000149011612E0");
        assertThat(plan("SELECT id FROM mydiff.s.hard WHERE f < double('NaN')")).doesNotContain("`f` <");
        assertThat(plan("SELECT f, count(*) FROM mydiff.s.hard GROUP BY f")).doesNotContain("GROUP BY");
    }

    @Test
    void timestampsAreComparedAsTheMicrosecondsTheyAreReadAs() {
        assertThat(plan("SELECT id FROM mydiff.s.hard WHERE ts > TIMESTAMP'2000-01-01 00:00:00' AND dtm < TIMESTAMP_NTZ'1970-01-01 00:00:01'"))
                .contains("TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', `ts`) > 946684800000000",
                        "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', `dtm`) < 1000000");
    }

    /** A pushed join reads each side's columns in their read forms (a date's day number), so dates join and compare right. */
    @Test
    void pushedJoinsSelectEachSidesReadForms() {
        Dataset<Row> df = spark.sql("SELECT h.id, o.id, h.dt, o.ts FROM mydiff.s.hard h JOIN mydiff.s.other o ON h.dt = o.dt");
        List<Row> rows = df.collectAsList();
        if (io.sparkfederated.read.ScanBuilders.pushJoins()) {
            assertThat(TestEnv.allScans(df.queryExecution().executedPlan())).hasSize(1);
            assertThat(TestEnv.remoteSql(df)).contains(" INNER JOIN ", "DATEDIFF(`dt`, '1970-01-01') AS `dt`",
                    "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', `ts`) AS `ts`");
        }
        assertThat(rows).extracting(r -> r.getInt(0) + "-" + r.getInt(1) + " " + r.get(2))
                .containsExactlyInAnyOrder("1-1 2024-02-29", "7-1 2024-02-29", "3-4 1000-01-01", "10-5 2001-02-03");
        // string keys only narrow in MySQL: that join stays in Spark
        Dataset<Row> onStrings = spark.sql("SELECT h.id, o.id FROM mydiff.s.hard h JOIN mydiff.s.other o ON h.s = o.s");
        onStrings.collect();
        assertThat(TestEnv.allScans(onStrings.queryExecution().executedPlan())).hasSize(2);
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
        assertThat(plan("SELECT id FROM mydiff.s.hard WHERE f = 0.0")).contains("`f` = 0.0E0");
    }

    private static String plan(String sql) {
        Dataset<Row> df = spark.sql(sql);
        return df.queryExecution().executedPlan().toString();
    }
}
