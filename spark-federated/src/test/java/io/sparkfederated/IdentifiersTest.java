package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mixed case, spaces, quotes, dots and non-ASCII letters in remote schema, table and column names. */
class IdentifiersTest {

    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
    }

    @Test
    void listsAndReadsTablesWithTrickyNames() {
        assertThat(spark.sql("SHOW TABLES IN fed.tricky").collectAsList()).extracting(r -> r.getString(1))
                .contains("CamelCase", "Ölçü \"Tab\".v1", "twin", "TWIN");
        Row row = spark.sql("SELECT `Id`, `col with space`, `quote\"d`, `dot.ted`, `ünïcödé`, `lower`"
                + " FROM fed.tricky.`Ölçü \"Tab\".v1`").first();
        assertThat(row.toString()).isEqualTo("[1,a b,q\"d,7,ßü,42]");
    }

    @Test
    void columnNamesKeepTheirRemoteCase() {
        assertThat(spark.table("fed.tricky.`Ölçü \"Tab\".v1`").columns())
                .containsExactly("Id", "col with space", "quote\"d", "dot.ted", "ünïcödé", "lower");
    }

    @Test
    void tableNamesMatchExactlyFirstThenIgnoringCase() {
        assertThat(spark.sql("SELECT x FROM fed.tricky.CamelCase").first().getInt(0)).isEqualTo(5);
        assertThat(spark.sql("SELECT x FROM fed.tricky.camelcase").first().getInt(0)).isEqualTo(5);
        assertThat(spark.sql("SELECT x FROM fed.tricky.twin").first().getInt(0)).isEqualTo(1);
        assertThat(spark.sql("SELECT x FROM fed.tricky.TWIN").first().getInt(0)).isEqualTo(2);
        assertThatThrownBy(() -> spark.sql("SELECT x FROM fed.tricky.Twin").collect())
                .satisfies(e -> assertThat(TestEnv.messages(e)).contains("differ only in case"));
    }

    @Test
    void externalSchemaNamesAreCaseInsensitive() {
        assertThat(spark.sql("SELECT count(*) FROM fed.APG.orders").first().getLong(0)).isEqualTo(4);
    }
}
