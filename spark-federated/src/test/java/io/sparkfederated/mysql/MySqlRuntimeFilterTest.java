package io.sparkfederated.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.TestEnv;
import io.sparkfederated.sandbox.MariaDbServer;

/**
 * Runtime filters on MySQL scans: joined with a selective Parquet side, the join-key values Spark's
 * dynamic pruning collects go into the MySQL query (integer keys as they are, date keys as the day
 * numbers dates are compared as), and only matching rows leave the server. Same answers without them.
 */
class MySqlRuntimeFilterTest {

    private static final String DB = "my_rf";
    private static final String DPP = "spark.sql.optimizer.dynamicPartitionPruning.enabled";
    private static SparkSession spark;
    private static String dimension;

    @BeforeAll
    static void setUp() throws Exception {
        MariaDbServer my = MySqlTestEnv.server();
        spark = MySqlTestEnv.spark();
        my.recreateDatabase(DB);
        my.execute(DB, "CREATE TABLE rf_fact (id int PRIMARY KEY, k int, d date, label varchar(20))",
                "INSERT INTO rf_fact SELECT seq, seq % 200, DATE '2024-01-01' + INTERVAL (seq % 200) DAY, CONCAT('row ', seq)"
                        + " FROM seq_1_to_20000",
                "ANALYZE TABLE rf_fact");
        MySqlTestEnv.defineCatalog("myrf", DB, Map.of());
        MySqlTestEnv.defineCatalog("myrf2", DB, Map.of("runtime_filter_max_values", "2"));
        Path dir = Files.createTempDirectory("spark-federated-myrf-");
        dimension = dir.resolve("dim").toUri().toString();
        // the same key types on both sides: Spark offers no runtime filter on a key it has to cast
        spark.sql("SELECT CAST(id AS INT) AS k, date_add(DATE'2024-01-01', CAST(id AS INT)) AS d,"
                + " CASE WHEN id IN (7, 42, 199) THEN 'hot' ELSE 'cold' END AS temperature FROM range(0, 200)")
                .write().parquet(dimension);
    }

    private static String query(String catalog, String key) {
        return ("SELECT count(*), sum(f.id), min(f.k), max(f.k) FROM %s.s.rf_fact f JOIN parquet.`%s` t ON f.%s = t.%s"
                + " WHERE t.temperature = 'hot'").formatted(catalog, dimension, key, key);
    }

    /** The query, run. */
    private static Dataset<Row> run(String sql) {
        Dataset<Row> df = spark.sql(sql);
        df.collect();
        return df;
    }

    private static List<Row> withoutRuntimeFilters(String sql) {
        spark.conf().set(DPP, "false");
        try {
            Dataset<Row> df = run(sql);
            assertThat(TestEnv.federatedRows(df, "rf_fact")).isEqualTo(20_000);
            return df.collectAsList();
        } finally {
            spark.conf().unset(DPP);
        }
    }

    @Test
    void integerJoinKeysOfASelectiveParquetSideAreSentAsAnInList() {
        Dataset<Row> filtered = run(query("myrf", "k"));
        assertThat(TestEnv.remoteSql(filtered)).contains("`k` IN (7, 42, 199)");
        assertThat(TestEnv.federatedRows(filtered, "rf_fact")).isEqualTo(300); // 3 keys x 100 rows, instead of 20,000
        assertThat(filtered.collectAsList()).isEqualTo(withoutRuntimeFilters(query("myrf", "k")));
        assertThat(filtered.first().getLong(0)).isEqualTo(300);
    }

    @Test
    void dateJoinKeysAreSentAsDayNumbers() {
        Dataset<Row> filtered = run(query("myrf", "d"));
        // 2024-01-08, 2024-02-12 and 2024-07-18 as days since 1970
        assertThat(TestEnv.remoteSql(filtered)).contains("DATEDIFF(`d`, '1970-01-01') IN (19730, 19765, 19922)");
        assertThat(TestEnv.federatedRows(filtered, "rf_fact")).isEqualTo(300);
        assertThat(filtered.collectAsList()).isEqualTo(withoutRuntimeFilters(query("myrf", "d")));
    }

    @Test
    void moreValuesThanTheLimitBecomeARange() {
        Dataset<Row> ranged = run(query("myrf2", "k"));
        assertThat(TestEnv.remoteSql(ranged)).contains("`k` >= 7", "`k` <= 199").doesNotContain(" IN (");
        assertThat(TestEnv.federatedRows(ranged, "rf_fact")).isEqualTo(19_300); // keys 7..199
        assertThat(ranged.first().getLong(0)).isEqualTo(300);
    }
}
