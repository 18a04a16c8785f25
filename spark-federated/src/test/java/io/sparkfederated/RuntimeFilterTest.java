package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runtime filters: when a federated table is joined with a selective side (here Parquet files, as
 * on S3), the join-key values Spark's dynamic pruning collects go into the remote query, and far
 * fewer rows leave the remote database. Same answers with and without.
 */
class RuntimeFilterTest {

    private static SparkSession spark;
    private static String dimension;

    @BeforeAll
    static void setUp() throws Exception {
        spark = TestEnv.spark();
        TestEnv.postgres().execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS rf_fact",
                "CREATE TABLE rf_fact AS SELECT g AS id, (g % 200)::int AS k, 'row ' || g AS label FROM generate_series(1, 20000) g",
                "ANALYZE rf_fact",
                "DROP TABLE IF EXISTS rf_dim",
                "CREATE TABLE rf_dim AS SELECT g AS k, (CASE WHEN g IN (7, 42, 199) THEN 'hot' ELSE 'cold' END)::char(16) AS x"
                        + " FROM generate_series(0, 199) g",
                "ANALYZE rf_dim");
        // a star: 20,000 facts with six keys, six 200-row dimensions
        StringBuilder facts = new StringBuilder("CREATE TABLE rf_star AS SELECT g AS id");
        for (int i = 1; i <= 6; i++) {
            facts.append(", ((g * ").append(2 * i - 1).append(") % 200)::int AS k").append(i);
            TestEnv.postgres().execute(TestEnv.MAIN_DB, "DROP TABLE IF EXISTS rf_star_d" + i,
                    "CREATE TABLE rf_star_d" + i + " AS SELECT g AS id, 'dim ' || g AS name FROM generate_series(0, 199) g",
                    "ANALYZE rf_star_d" + i);
        }
        TestEnv.postgres().execute(TestEnv.MAIN_DB, "DROP TABLE IF EXISTS rf_star",
                facts.append(" FROM generate_series(1, 20000) g").toString(), "ANALYZE rf_star");
        Path dir = Files.createTempDirectory("spark-federated-rf-");
        dimension = dir.resolve("dim").toUri().toString();
        // the same key type on both sides: Spark offers no runtime filter on a key it has to cast
        spark.sql("SELECT CAST(id AS INT) AS k, CASE WHEN id IN (7, 42, 199) THEN 'hot' ELSE 'cold' END AS temperature"
                + " FROM range(0, 200)").write().parquet(dimension);
    }

    private static final String QUERY = "SELECT count(*), sum(f.id), min(f.k), max(f.k) FROM fed.apg.rf_fact f"
            + " JOIN parquet.`%s` d ON f.k = d.k WHERE d.temperature = 'hot'";

    private static long rowsRead(Dataset<Row> df) {
        return TestEnv.federatedRows(df, "rf_fact");
    }

    private static Dataset<Row> run(String sql) {
        Dataset<Row> df = spark.sql(sql);
        df.collect();
        return df;
    }

    @Test
    void joinKeysOfASelectiveParquetSideAreSentAsAnInList() {
        Dataset<Row> filtered = run(QUERY.formatted(dimension));
        String remoteSql = TestEnv.remoteSql(filtered);
        assertThat(remoteSql).contains("(\"k\") IN ((7), (42), (199))");
        assertThat(rowsRead(filtered)).isEqualTo(300); // 3 keys x 100 rows, instead of 20,000

        spark.conf().set("spark.sql.optimizer.dynamicPartitionPruning.enabled", "false");
        try {
            Dataset<Row> unfiltered = run(QUERY.formatted(dimension));
            assertThat(TestEnv.remoteSql(unfiltered)).doesNotContain(" IN (");
            assertThat(rowsRead(unfiltered)).isEqualTo(20_000);
            assertThat(filtered.collectAsList()).isEqualTo(unfiltered.collectAsList());
        } finally {
            spark.conf().unset("spark.sql.optimizer.dynamicPartitionPruning.enabled");
        }
        Row r = filtered.first();
        assertThat(r.getLong(0)).isEqualTo(300);
        assertThat(r.getInt(2)).isEqualTo(7);
        assertThat(r.getInt(3)).isEqualTo(199);
    }

    @Test
    void manyIntegerKeysGoAsOneArrayShownAbbreviated() throws Exception {
        String quarter = Files.createTempDirectory("spark-federated-rf-").resolve("quarter").toUri().toString();
        spark.sql("SELECT CAST(id AS INT) AS k, CASE WHEN id % 4 = 1 THEN 'hot' ELSE 'cold' END AS temperature"
                + " FROM range(0, 200)").write().parquet(quarter);
        Dataset<Row> filtered = run(QUERY.formatted(quarter));
        String remoteSql = TestEnv.remoteSql(filtered);
        // 50 keys: more than an IN list is written for, far fewer than PostgreSQL's runtime_filter_max_values
        assertThat(remoteSql).contains("(\"k\") = ANY ('{").contains(",…}'::int4[] /* 50 values */");
        assertThat(rowsRead(filtered)).isEqualTo(5_000); // 50 keys x 100 rows, instead of 20,000
        spark.conf().set("spark.sql.optimizer.dynamicPartitionPruning.enabled", "false");
        try {
            assertThat(filtered.collectAsList()).isEqualTo(run(QUERY.formatted(quarter)).collectAsList());
        } finally {
            spark.conf().unset("spark.sql.optimizer.dynamicPartitionPruning.enabled");
        }
        assertThat(filtered.first().getLong(0)).isEqualTo(5_000);
    }

    @Test
    void thousandsOfKeysCrossOncePerStageNotOncePerSplit() throws Exception {
        TestEnv.postgres().execute(TestEnv.MAIN_DB, "DROP TABLE IF EXISTS rf_wide",
                "CREATE TABLE rf_wide AS SELECT g AS id, (g % 20000)::int AS k FROM generate_series(1, 60000) g", "ANALYZE rf_wide");
        String catalog = TestEnv.defineCatalog("rfwide", TestEnv.postgres(), TestEnv.MAIN_DB, Map.of("split_size_mb", "1"));
        String keys = Files.createTempDirectory("spark-federated-rf-").resolve("keys").toUri().toString();
        spark.sql("SELECT CAST(id AS INT) AS k, CASE WHEN id % 4 = 1 THEN 'hot' ELSE 'cold' END AS temperature"
                + " FROM range(0, 20000)").write().parquet(keys);
        String query = ("SELECT count(*), sum(f.id) FROM " + catalog + ".s.rf_wide f JOIN parquet.`%s` d ON f.k = d.k"
                + " WHERE d.temperature = 'hot'").formatted(keys);
        Dataset<Row> filtered = run(query);
        assertThat(TestEnv.remoteSql(filtered)).contains(",…}'::int4[] /* 5,000 values */");
        assertThat(TestEnv.federatedRows(filtered, "rf_wide")).isEqualTo(15_000); // 5,000 keys x 3 rows, of 60,000

        // what Spark sends with each task: the split, whose SQL holds a token for the 5,000 keys (about 29 KB)
        var scan = (org.apache.spark.sql.execution.datasources.v2.BatchScanExec) TestEnv.findScan(filtered.queryExecution().executedPlan());
        org.apache.spark.Partition[] tasks = scan.inputRDD().partitions();
        assertThat(tasks.length).isGreaterThan(1);
        for (org.apache.spark.Partition task : tasks) { // each task's partition, serialized as Spark sends it
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(task);
            }
            String sent = bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(sent).contains("/*federated runtime filter ").doesNotContain("::int4[]");
            assertThat(bytes.size()).as("a serialized split").isLessThan(8 * 1024);
        }
        // every split read with the keys in place: the same answer as without the filter
        spark.conf().set("spark.sql.optimizer.dynamicPartitionPruning.enabled", "false");
        try {
            assertThat(filtered.collectAsList()).isEqualTo(run(query).collectAsList());
        } finally {
            spark.conf().unset("spark.sql.optimizer.dynamicPartitionPruning.enabled");
        }
        assertThat(filtered.first().getLong(0)).isEqualTo(15_000);
    }

    @Test
    void manyValuesBecomeARangeAndZeroTurnsRuntimeFiltersOff() {
        String catalog = TestEnv.defineCatalog("rfrange", TestEnv.postgres(), TestEnv.MAIN_DB,
                Map.of("runtime_filter_max_values", "2"));
        Dataset<Row> ranged = run(QUERY.replace("fed.apg.", catalog + ".s.").formatted(dimension));
        assertThat(TestEnv.remoteSql(ranged)).contains("((\"k\") >= ((7))) AND ((\"k\") <= ((199)))").doesNotContain(" IN (");
        assertThat(rowsRead(ranged)).isEqualTo(19_300); // keys 7..199
        assertThat(ranged.first().getLong(0)).isEqualTo(300);

        String off = TestEnv.defineCatalog("rfoff", TestEnv.postgres(), TestEnv.MAIN_DB, Map.of("runtime_filter_max_values", "0"));
        Dataset<Row> unfiltered = run(QUERY.replace("fed.apg.", off + ".s.").formatted(dimension));
        assertThat(rowsRead(unfiltered)).isEqualTo(20_000);
        assertThat(unfiltered.first().getLong(0)).isEqualTo(300);
    }

    @Test
    void aLimitedOrAggregatedRemoteQueryIsNeverFilteredBelowItsLimit() {
        // the LIMIT runs remotely: filtering below it would change which rows it keeps
        Dataset<Row> df = run(("SELECT count(*) FROM (SELECT * FROM fed.apg.rf_fact ORDER BY id LIMIT 1000) f"
                + " JOIN parquet.`%s` d ON f.k = d.k WHERE d.temperature = 'hot'").formatted(dimension));
        assertThat(TestEnv.remoteSql(df)).doesNotContain(" IN (");
        assertThat(df.first().getLong(0)).isEqualTo(15); // ids 7, 42, 199 + 200·j below 1000
        assertThat(List.of(df.first().getLong(0))).containsExactly(15L);
    }

    @Test
    void aSevenTableStarJoinPlansQuicklyAndStillPrunesTheFactTable() {
        // d1's filter is one Spark evaluates (upper() is not pushed); d2..d6's run remotely, so Spark
        // sees no filter there. When every column was offered, Spark pruned each of d2..d6 by the
        // whole join below it, nesting that side's pruning subqueries: 1 + 2 + 4 + 8 + 16 + 32 = 63.
        StringBuilder sql = new StringBuilder("SELECT count(*), sum(f.id) FROM fed.apg.rf_star f");
        for (int i = 1; i <= 6; i++) {
            sql.append(" JOIN fed.apg.rf_star_d%d d%d ON f.k%d = d%d.id".formatted(i, i, i, i));
        }
        sql.append(" WHERE upper(d1.name) = 'DIM 7'");
        for (int i = 2; i <= 6; i++) {
            sql.append(" AND d%d.id < 190".formatted(i));
        }
        long start = System.nanoTime();
        Dataset<Row> df = spark.sql(sql.toString());
        String optimized = df.queryExecution().optimizedPlan().toString();
        df.queryExecution().executedPlan();
        double planningSeconds = (System.nanoTime() - start) / 1e9;
        // only the fact table (20,000 rows) is offered: pruned once, by the dimension whose filter Spark sees
        assertThat(optimized.split("dynamicpruning#", -1).length - 1).as(optimized).isEqualTo(1);
        assertThat(planningSeconds).isLessThan(10);

        df.collect();
        SparkPlan fact = TestEnv.allScans(df.queryExecution().executedPlan()).stream()
                .filter(p -> p.toString().contains("[public.rf_star]")).findFirst().orElseThrow();
        assertThat(fact.toString()).contains("(\"k1\") IN ((7))");
        assertThat(fact.metrics().get("federatedRows").get().value()).isEqualTo(100); // g = 7 (mod 200)
        spark.conf().set("spark.sql.optimizer.dynamicPartitionPruning.enabled", "false");
        try {
            List<Row> unpruned = spark.sql(sql.toString()).collectAsList();
            assertThat(df.collectAsList()).isEqualTo(unpruned);
            assertThat(unpruned.get(0).getLong(0)).isPositive();
        } finally {
            spark.conf().unset("spark.sql.optimizer.dynamicPartitionPruning.enabled");
        }
    }

    @Test
    void anEmptyRuntimeFilterReadsNoRows() {
        // adaptive execution would notice the empty side itself and never run the fact scan
        spark.conf().set("spark.sql.adaptive.enabled", "false");
        try {
            Dataset<Row> df = run("SELECT count(*) FROM fed.apg.rf_fact f, fed.apg.rf_dim d"
                    + " WHERE f.k = d.k AND upper(d.x) = 'NO SUCH VALUE'"); // upper() is not pushed: a filter Spark sees
            assertThat(df.first().getLong(0)).isZero();
            SparkPlan fact = TestEnv.allScans(df.queryExecution().executedPlan()).stream()
                    .filter(p -> p.toString().contains("rf_fact")).findFirst().orElseThrow();
            assertThat(fact.toString()).contains("RemoteSQL: none (a runtime filter has no join-key values)");
            assertThat(rowsRead(df)).isZero();
        } finally {
            spark.conf().unset("spark.sql.adaptive.enabled");
        }
    }

    @Test
    void anEmptyInListIsLeftToSpark() {
        // Spark's optimizer turns "k IN ()" into FALSE; without that rule it reaches the scan
        spark.conf().set("spark.sql.optimizer.excludedRules", "org.apache.spark.sql.catalyst.optimizer.OptimizeIn");
        try {
            Dataset<Row> df = spark.table("fed.apg.rf_fact").where(functions.col("k").isin()).groupBy().count();
            assertThat(df.first().getLong(0)).isZero();
            assertThat(TestEnv.remoteSql(df)).doesNotContain(" IN (");
        } finally {
            spark.conf().unset("spark.sql.optimizer.excludedRules");
        }
    }
}
