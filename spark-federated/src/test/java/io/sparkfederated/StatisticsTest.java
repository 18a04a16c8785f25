package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Statistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Row counts and sizes for Spark's optimizer, from PostgreSQL's planner, and what they change. */
class StatisticsTest {

    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        TestEnv.postgres().execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS big_facts",
                "CREATE TABLE big_facts (id bigint, dim_id int, amount numeric(12,2), note text)",
                "INSERT INTO big_facts SELECT g, g % 50, g / 100.0, 'note number ' || g FROM generate_series(1, 400000) g",
                "DROP TABLE IF EXISTS small_dim",
                "CREATE TABLE small_dim (id int, label text)",
                "INSERT INTO small_dim SELECT g, 'label ' || g FROM generate_series(0, 49) g",
                "ANALYZE big_facts", "ANALYZE small_dim", "ANALYZE orders");
        // estimates are cached for metadata_cache_ttl: after ANALYZE, REFRESH TABLE takes the new ones
        spark.sql("REFRESH TABLE fed.apg.orders");
    }

    @Test
    void tableMetadataIsCachedUntilRefreshTableOrForNoTimeWithTtlZero() {
        var pg = TestEnv.postgres();
        pg.execute(TestEnv.MAIN_DB, "DROP TABLE IF EXISTS evolving", "CREATE TABLE evolving (a int)");
        TestEnv.defineCatalog("nocache", pg, TestEnv.MAIN_DB, java.util.Map.of("metadata_cache_ttl", "0"));
        assertThat(spark.table("fed.apg.evolving").columns()).containsExactly("a");
        assertThat(spark.table("nocache.s.evolving").columns()).containsExactly("a");
        pg.execute(TestEnv.MAIN_DB, "ALTER TABLE evolving ADD COLUMN b text");
        assertThat(spark.table("fed.apg.evolving").columns()).as("cached").containsExactly("a");
        assertThat(spark.table("nocache.s.evolving").columns()).containsExactly("a", "b");
        spark.sql("REFRESH TABLE fed.apg.evolving");
        assertThat(spark.table("fed.apg.evolving").columns()).containsExactly("a", "b");
    }

    /** The statistics of the query's (single) federated scan in the optimized plan. */
    private static Statistics stats(String sql) {
        return spark.sql(sql).queryExecution().optimizedPlan().collectLeaves().head().stats();
    }

    @Test
    void scansReportRowCountsAndSizesFromPostgresStatistics() {
        Statistics orders = stats("SELECT * FROM fed.apg.orders");
        assertThat(orders.rowCount().get().longValue()).isEqualTo(4);
        assertThat(orders.sizeInBytes().longValue()).isPositive().isLessThan(10_000);
        assertThat(stats("SELECT * FROM fed.apg.big_facts").rowCount().get().longValue()).isBetween(380_000L, 420_000L);
        assertThat(spark.sql("EXPLAIN COST SELECT * FROM fed.apg.orders").first().getString(0)).contains("rowCount=4");
    }

    @Test
    void plainScansReportColumnStatisticsFromPgStats() {
        spark.conf().set("spark.sql.cbo.enabled", "true");
        try {
            var attributes = io.sparkfederated.spark.ScalaCollections.asJava(
                    spark.sql("SELECT dim_id, note FROM fed.apg.big_facts").queryExecution().optimizedPlan()
                            .collectLeaves().head().stats().attributeStats().toSeq());
            java.util.Map<String, org.apache.spark.sql.catalyst.plans.logical.ColumnStat> byName = new java.util.HashMap<>();
            attributes.forEach(t -> byName.put(t._1().name(), t._2()));
            assertThat(byName.get("dim_id").distinctCount().get().longValue()).isEqualTo(50);
            assertThat(byName.get("dim_id").nullCount().get().longValue()).isZero();
            assertThat(byName.get("note").distinctCount().get().longValue()).isGreaterThan(100_000);
            assertThat((Long) byName.get("note").avgLen().get()).isBetween(15L, 20L);
        } finally {
            spark.conf().set("spark.sql.cbo.enabled", "false");
        }
    }

    /** The physical plan with join pushdown off: how Spark joins two scans, chosen by their statistics. */
    private static String planJoinedBySpark(String sql) {
        spark.conf().set("spark.sql.optimizer.datasourceV2JoinPushdown", "false");
        try {
            return spark.sql(sql).queryExecution().executedPlan().toString();
        } finally {
            spark.conf().set("spark.sql.optimizer.datasourceV2JoinPushdown", "true");
        }
    }

    @Test
    void statisticsCanBeTurnedOff() {
        TestEnv.defineCatalog("nostats", TestEnv.postgres(), TestEnv.MAIN_DB, java.util.Map.of("statistics", "false"));
        assertThat(stats("SELECT * FROM nostats.s.orders").rowCount().isEmpty()).isTrue();
        String plan = planJoinedBySpark("SELECT d.label, sum(f.amount) FROM nostats.s.big_facts f JOIN nostats.s.small_dim d"
                + " ON f.dim_id = d.id GROUP BY d.label");
        assertThat(plan).contains("SortMergeJoin").doesNotContain("BroadcastHashJoin");
    }

    @Test
    void estimatesFollowPushedFiltersAggregatesAndLimits() {
        assertThat(stats("SELECT * FROM fed.apg.big_facts WHERE id = 7").rowCount().get().longValue()).isLessThan(10);
        assertThat(stats("SELECT dim_id, count(*) FROM fed.apg.big_facts GROUP BY dim_id").rowCount().get().longValue())
                .isBetween(40L, 60L);
        assertThat(stats("SELECT * FROM fed.apg.big_facts LIMIT 10").rowCount().get().longValue()).isEqualTo(10);
    }

    @Test
    void aSmallRemoteTableIsBroadcastInAJoinWithALargeOne() {
        String plan = planJoinedBySpark("SELECT d.label, sum(f.amount) FROM fed.apg.big_facts f JOIN fed.apg.small_dim d"
                + " ON f.dim_id = d.id GROUP BY d.label");
        assertThat(plan).contains("BroadcastHashJoin").doesNotContain("SortMergeJoin");
        int exchange = plan.indexOf("BroadcastExchange");
        assertThat(plan.substring(exchange)).contains("small_dim").doesNotContain("big_facts");
    }
}
