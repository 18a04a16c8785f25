package io.sparkfederated.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.TestEnv;
import io.sparkfederated.sandbox.MariaDbServer;

/** {@code tinyint1_as_boolean=false} reads TINYINT(1) as a number; {@code zero_dates=fail} fails naming the column. */
class MySqlReadOptionsTest {

    private static final String DB = "my_options";
    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        MariaDbServer my = MySqlTestEnv.server();
        spark = MySqlTestEnv.spark();
        my.recreateDatabase(DB);
        my.execute(DB, "CREATE TABLE t (id int PRIMARY KEY, flag tinyint(1), due date, at datetime)",
                "INSERT INTO t VALUES (1, 2, '2024-02-29', '2024-02-29 10:00:00'), (2, 0, '0000-00-00', '2000-01-01 00:00:00'),"
                        + " (3, NULL, NULL, '0000-00-00 00:00:00')");
        MySqlTestEnv.defineCatalog("myopt_default", DB, Map.of());
        MySqlTestEnv.defineCatalog("myopt_number", DB, Map.of("tinyint1_as_boolean", "false"));
        MySqlTestEnv.defineCatalog("myopt_fail", DB, Map.of("zero_dates", "fail"));
    }

    @Test
    void tinyint1ReadsAsTheNumberItHolds() {
        assertThat(spark.table("myopt_number.s.t").schema().apply("flag").dataType().simpleString()).isEqualTo("smallint");
        assertThat(spark.sql("SELECT id FROM myopt_number.s.t WHERE flag = 2").collectAsList().toString()).isEqualTo("[[1]]");
        assertThat(spark.sql("SELECT id FROM myopt_default.s.t WHERE flag").collectAsList().toString()).isEqualTo("[[1]]");
    }

    @Test
    void zeroDatesFailTheQueryNamingTheColumnWhereverTheyAreRead() {
        assertThat(spark.sql("SELECT count(due), count(at) FROM myopt_default.s.t").first().toString()).isEqualTo("[1,2]");
        assertThat(TestEnv.failureMessages(spark.sql("SELECT due FROM myopt_fail.s.t")::collect))
                .contains("column 'due' holds a zero or partly-zero date", "zero_dates=null");
        assertThat(TestEnv.failureMessages(spark.sql("SELECT count(due) FROM myopt_fail.s.t")::collect))
                .contains("column 'due' holds a zero or partly-zero date");
        assertThat(TestEnv.failureMessages(spark.sql("SELECT id FROM myopt_fail.s.t WHERE at > TIMESTAMP_NTZ'1999-01-01 00:00:00'")::collect))
                .contains("column 'at' holds a zero or partly-zero date");
        // rows without a zero date read as always
        assertThat(spark.sql("SELECT id, due FROM myopt_fail.s.t WHERE id = 1").collectAsList().toString())
                .isEqualTo("[[1,2024-02-29]]");
    }

    @Test
    void anUnknownZeroDatesValueIsAnError() {
        MySqlTestEnv.defineCatalog("myopt_bad", DB, Map.of("zero_dates", "zero"));
        assertThat(TestEnv.failureMessages(() -> spark.table("myopt_bad.s.t").collect())).contains("zero_dates");
    }
}
