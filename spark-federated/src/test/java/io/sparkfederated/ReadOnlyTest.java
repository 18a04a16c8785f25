package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** External schemas are read-only, in Spark and on the remote session. */
class ReadOnlyTest {

    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO fed.apg.orders VALUES (9, 1, 1.00, 'x', NULL)",
        "INSERT OVERWRITE fed.apg.orders SELECT * FROM fed.apg.orders",
        "UPDATE fed.apg.orders SET status = 'x'",
        "DELETE FROM fed.apg.orders WHERE id = 1",
        "MERGE INTO fed.apg.orders t USING fed.apg.orders s ON t.id = s.id WHEN MATCHED THEN DELETE",
        "CREATE TABLE fed.apg.new_table (x int)",
        "ALTER TABLE fed.apg.orders ADD COLUMN y int",
        "DROP TABLE fed.apg.orders",
        "ALTER TABLE fed.apg.orders RENAME TO fed.apg.orders2",
        "TRUNCATE TABLE fed.apg.orders"
    })
    void writesFailWithAReadOnlyMessage(String sql) {
        assertThatThrownBy(() -> spark.sql(sql).collect())
                .satisfies(e -> assertThat(TestEnv.messages(e)).contains("read-only"));
        assertThat(spark.sql("SELECT count(*) FROM fed.apg.orders").first().getLong(0)).isEqualTo(4);
    }

    @Test
    void remoteSessionsAreReadOnlyEvenForAQueryThatWrites() {
        Map<String, String> options = TestEnv.schemaOptions(TestEnv.postgres(), TestEnv.MAIN_DB, "public");
        assertThatThrownBy(() -> spark.read().format("federated").options(options)
                .option("query", "SELECT nextval('ticket_seq') AS n").load().collect())
                .satisfies(e -> assertThat(TestEnv.messages(e)).contains("read-only"));
    }
}
