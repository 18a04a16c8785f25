package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.exec.QueryScope;
import io.sparkfederated.sandbox.PostgresServer;

/** Parallel page-range splits, partition splits, and the lifecycle of the shared snapshot. */
class ParallelScanTest {

    static final int ACCOUNTS = 200_000;
    private static SparkSession spark;
    private static PostgresServer pg;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        pg = TestEnv.postgres();
        pg.execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS accounts",
                "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL, note text)",
                "INSERT INTO accounts SELECT g, 100, repeat('x', 20) FROM generate_series(1, " + ACCOUNTS + ") g",
                "DROP TABLE IF EXISTS measurements",
                "CREATE TABLE measurements (day date, v int) PARTITION BY RANGE (day)",
                "CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                "CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                "CREATE TABLE measurements_default PARTITION OF measurements DEFAULT",
                "INSERT INTO measurements SELECT DATE '2024-01-01' + (g % 700), g FROM generate_series(1, 100000) g",
                "ANALYZE accounts",
                "ANALYZE measurements");
        // a catalog with small splits so that test tables are split
        TestEnv.defineCatalog("par", pg, TestEnv.MAIN_DB, Map.of("split_size_mb", "1", "max_connections", "4"));
    }

    @Test
    void aPlainTableIsReadInPageRangeSplitsWithNoRowLostOrDuplicated() {
        assertThat(TestEnv.splitsUsed("SELECT id FROM par.s.accounts WHERE id < 0")).isBetween(2L, 4L);
        Row r = spark.sql("SELECT count(*), count(DISTINCT id), sum(balance), min(id), max(id) FROM par.s.accounts").first();
        assertThat(r.toString()).isEqualTo("[" + ACCOUNTS + "," + ACCOUNTS + "," + (100L * ACCOUNTS) + ",1," + ACCOUNTS + "]");
    }

    @Test
    void aReadsOwnOptionsOverrideTheExternalSchemas() {
        // the schema says 1 MB splits, at most 4; this read asks for one connection, so one split
        var oneSplit = spark.read().option("max_connections", "1").table("par.s.accounts").where("id < 0");
        oneSplit.collect();
        assertThat(TestEnv.findScan(oneSplit.queryExecution().executedPlan()).metrics().get("federatedSplits").get().value())
                .isEqualTo(1L);
        assertThat(TestEnv.failureMessages(() -> spark.read().option("uri", "elsewhere").table("par.s.accounts").collect()))
                .contains("option 'uri' cannot be set per read; set it on the external schema");
        assertThat(spark.read().option("consistent_snapshot", "false").option("batch_size", "7").table("par.s.accounts")
                .count()).isEqualTo(ACCOUNTS);
    }

    @Test
    void aPartitionedTableIsReadPerPartition() {
        Row r = spark.sql("SELECT count(*), sum(v) FROM par.s.measurements").first();
        assertThat(r.getLong(0)).isEqualTo(100_000L);
        assertThat(r.getLong(1)).isEqualTo(100_000L * 100_001L / 2);
        assertThat(TestEnv.splitsUsed("SELECT v FROM par.s.measurements WHERE v < 0")).isBetween(2L, 4L);
    }

    @Test
    void aViewIsSplitByValueRangesWhenTheUserGivesThem() {
        pg.execute(TestEnv.MAIN_DB, "CREATE OR REPLACE VIEW rich_accounts AS SELECT id, balance FROM accounts WHERE id % 2 = 0"
                + " UNION ALL SELECT NULL::int, 0");
        Dataset<Row> df = spark.read().option("partitionColumn", "id").option("lowerBound", "1")
                .option("upperBound", Integer.toString(ACCOUNTS)).option("numPartitions", "3").table("par.s.rich_accounts");
        assertThat(df.rdd().getNumPartitions()).isEqualTo(3);
        Row r = df.selectExpr("count(*)", "count(id)", "count(DISTINCT id)").first();
        assertThat(r.toString()).isEqualTo("[" + (ACCOUNTS / 2 + 1) + "," + ACCOUNTS / 2 + "," + ACCOUNTS / 2 + "]");
    }

    @Test
    void aQueryIsSplitByDateRanges() {
        Map<String, String> options = TestEnv.schemaOptions(pg, TestEnv.MAIN_DB, "public");
        Dataset<Row> df = spark.read().format("federated").options(options)
                .option("query", "SELECT day, v FROM measurements")
                .option("partitionColumn", "day").option("lowerBound", "2024-01-01").option("upperBound", "2026-01-01")
                .option("numPartitions", "4").load();
        assertThat(df.rdd().getNumPartitions()).isEqualTo(4);
        assertThat(df.selectExpr("count(*)", "sum(v)").first().toString()).isEqualTo("[100000," + 100_000L * 100_001L / 2 + "]");
    }

    @Test
    void valueRangeOptionsAreCheckedUpFront() {
        Map<String, String> options = TestEnv.schemaOptions(pg, TestEnv.MAIN_DB, "public");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> spark.read().format("federated").options(options)
                        .option("dbtable", "accounts").option("partitionColumn", "id").load().collect())
                .hasMessageContaining("go together; set all four");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> spark.read().format("federated").options(options)
                        .option("dbtable", "accounts").option("partitionColumn", "note").option("lowerBound", "1")
                        .option("upperBound", "9").option("numPartitions", "2").load().collect())
                .hasMessageContaining("must be an integer or date column");
    }

    @Test
    void smallTablesAreOneSplit() {
        assertThat(TestEnv.splitsUsed("SELECT id FROM fed.apg.orders")).isEqualTo(1);
    }

    @Test
    void aPlanMadeOutsideAQueryIsOneConsistentSplit() {
        // EXPLAIN plans without a running query to hold a snapshot for
        Dataset<Row> df = spark.table("par.s.accounts");
        df.queryExecution().executedPlan();
        assertThat(df.collectAsList()).hasSize(ACCOUNTS);
        assertThat(TestEnv.findScan(df.queryExecution().executedPlan()).metrics().get("federatedSplits").get().value()).isEqualTo(1);
    }

    @Test
    void anRddTakenFromADataFrameCanBeUsedLater() {
        var rdd = spark.table("par.s.accounts").rdd();
        assertThat(rdd.count()).isEqualTo(ACCOUNTS);
        assertThat(rdd.count()).isEqualTo(ACCOUNTS);
    }

    @Test
    void theSnapshotSessionIsClosedWhenTheQueryEnds() throws Exception {
        spark.sql("SELECT sum(balance) FROM par.s.accounts").collect();
        TestEnv.awaitNoFederatedSessions();
        assertThat(QueryScope.openCount()).isZero();
    }

    @Test
    void rerunningTheSamePlanOfASingleSplitScanReadsTheCurrentState() {
        Dataset<Row> df = spark.sql("SELECT id, status FROM fed.apg.orders WHERE id <= 2 ORDER BY id");
        List<Row> first = df.collectAsList();
        assertThat(df.collectAsList()).hasSize(2).isEqualTo(first);
    }

    @Test
    void rerunningTheSamePlanOfASplitScanReadsTheCurrentState() {
        // no shuffle: a re-run reads the scan again (after a shuffle, Spark would reuse the map output)
        Dataset<Row> df = spark.sql("SELECT id FROM par.s.accounts WHERE balance < 0 OR id = 1");
        assertThat(df.collectAsList()).hasSize(1);
        assertThat(TestEnv.findScan(df.queryExecution().executedPlan()).metrics().get("federatedSplits").get().value())
                .isGreaterThan(1);
        assertThat(df.collectAsList()).hasSize(1);
    }
}
