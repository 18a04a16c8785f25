package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's blank-padded {@code character(n)} is read as the text its own cast gives: a STRING
 * without the trailing blanks (as MySQL returns CHAR). Spark then compares it as any STRING, and the
 * comparisons, groupings and joins on it are pushed (TPC-H's {@code l_shipmode IN ('MAIL', 'SHIP')}).
 */
class CharColumnsTest {

    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        TestEnv.postgres().execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS cmode, cship",
                "CREATE TABLE cmode (id int, mode char(10), flag char(1), note varchar(10))",
                "INSERT INTO cmode VALUES (1, 'MAIL', 'A', 'MAIL'), (2, 'SHIP', 'B', 'x'), (3, 'AIR', 'A', 'MAIL  '), (4, NULL, NULL, NULL),"
                        + " (5, E'TAB\\t', 'C', NULL), (6, ' LEAD', 'C', NULL)",
                "CREATE TABLE cship (id int, prio char(15))",
                "INSERT INTO cship VALUES (1, '1-URGENT'), (2, '5-LOW'), (3, '1-URGENT')");
    }

    @Test
    void valuesArriveWithoutTrailingBlanksAndTheColumnIsAString() {
        assertThat(spark.sql("SELECT id, mode FROM fed.apg.cmode WHERE id IN (1, 5, 6) ORDER BY id").collectAsList())
                .extracting(r -> r.getString(1)).containsExactly("MAIL", "TAB\t", " LEAD"); // only blanks are trailing padding
        Row mode = spark.sql("DESCRIBE fed.apg.cmode").collectAsList().get(1);
        assertThat(mode.getString(1)).isEqualTo("string");
        assertThat(mode.getString(2)).isEqualTo("character(10)");
    }

    @Test
    void comparisonsArePushedAndAnswerAsSparkDoesOnTheValuesRead() {
        Dataset<Row> in = spark.sql("SELECT id FROM fed.apg.cmode WHERE mode IN ('MAIL', 'SHIP') ORDER BY id");
        assertThat(TestEnv.remoteSql(in)).contains("\"mode\"::text").contains("'MAIL'");
        assertThat(in.collectAsList()).extracting(r -> r.getInt(0)).containsExactly(1, 2);
        // a literal's own trailing blanks count, as for any STRING (PostgreSQL's char comparison would ignore them)
        Dataset<Row> padded = spark.sql("SELECT id FROM fed.apg.cmode WHERE mode = 'MAIL  '");
        assertThat(TestEnv.remoteSql(padded)).contains("\"mode\"::text");
        assertThat(padded.collectAsList()).isEmpty();
        assertThat(spark.sql("SELECT id FROM fed.apg.cmode WHERE mode LIKE '%L' ORDER BY id").collectAsList())
                .extracting(r -> r.getInt(0)).containsExactly(1);
        // varchar keeps its trailing blanks significant
        assertThat(spark.sql("SELECT id FROM fed.apg.cmode WHERE note = 'MAIL'").collectAsList())
                .extracting(r -> r.getInt(0)).containsExactly(1);
    }

    @Test
    void groupingsAndJoinsOnCharArePushed() {
        Dataset<Row> grouped = spark.sql("SELECT flag, count(*) FROM fed.apg.cmode GROUP BY flag ORDER BY flag");
        assertThat(TestEnv.remoteSql(grouped)).contains("GROUP BY");
        assertThat(grouped.collectAsList()).extracting(Row::toString).containsExactly("[null,1]", "[A,2]", "[B,1]", "[C,2]");

        spark.conf().set("spark.sql.optimizer.datasourceV2JoinPushdown", "true");
        Dataset<Row> df = spark.sql("SELECT m.mode, sum(CASE WHEN s.prio = '1-URGENT' THEN 1 ELSE 0 END) FROM fed.apg.cmode m"
                + " JOIN fed.apg.cship s ON m.id = s.id WHERE m.id IN (1, 3) GROUP BY m.mode ORDER BY m.mode");
        assertThat(df.collectAsList()).extracting(Row::toString).containsExactly("[AIR,1]", "[MAIL,1]");
        // before 4.1 Spark offers no join to a data source
        assertThat(TestEnv.allScans(df.queryExecution().executedPlan())).hasSize(io.sparkfederated.read.ScanBuilders.pushJoins() ? 1 : 2);
    }
}
