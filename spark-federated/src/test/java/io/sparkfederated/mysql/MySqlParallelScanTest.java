package io.sparkfederated.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.TestEnv;
import io.sparkfederated.sandbox.MariaDbServer;

/** Primary-key range splits of a MySQL table, and the one snapshot they share under a concurrent writer. */
class MySqlParallelScanTest {

    private static final String DB = "my_parallel";
    private static final int ROWS = 200_000;
    private static final long TOTAL = 100L * ROWS;
    private static SparkSession spark;
    private static MariaDbServer my;

    @BeforeAll
    static void setUp() {
        my = MySqlTestEnv.server();
        spark = MySqlTestEnv.spark();
        my.recreateDatabase(DB);
        my.execute(DB,
                "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL, note varchar(100))",
                "INSERT INTO accounts SELECT seq, 100, REPEAT('x', 60) FROM seq_1_to_" + ROWS,
                "CREATE TABLE heap (id int, v int)",
                "INSERT INTO heap SELECT seq, seq FROM seq_1_to_1000",
                "CREATE TABLE events (day date NOT NULL, n int NOT NULL, UNIQUE KEY (day, n))",
                "INSERT INTO events SELECT DATE '2020-01-01' + INTERVAL (seq % 2000) DAY, seq FROM seq_1_to_100000",
                "ANALYZE TABLE accounts, events");
        MySqlTestEnv.defineCatalog("mypar", DB, Map.of("split_size_mb", "1", "max_connections", "4"));
        MySqlTestEnv.defineCatalog("mypar_free", DB, Map.of("split_size_mb", "1", "max_connections", "4",
                "consistent_snapshot", "false"));
    }

    @Test
    void aTableIsReadInKeyRangeSplitsWithNoRowLostOrDuplicated() throws InterruptedException {
        assertThat(TestEnv.splitsUsed("SELECT id FROM mypar.s.accounts WHERE id < 0")).isEqualTo(2L);
        Row r = spark.sql("SELECT count(*), count(DISTINCT id), sum(balance), min(id), max(id) FROM mypar.s.accounts").first();
        assertThat(r.getLong(0)).isEqualTo(ROWS);
        assertThat(r.getLong(1)).isEqualTo(ROWS);
        assertThat(r.getLong(2)).isEqualTo(TOTAL);
        assertThat(r.getInt(3)).isEqualTo(1);
        assertThat(r.getInt(4)).isEqualTo(ROWS);
        assertThat(TestEnv.awaitNoOpenQueryScopes()).isZero();
    }

    @Test
    void aUniqueDateKeySplitsToo() {
        assertThat(TestEnv.splitsUsed("SELECT n FROM mypar.s.events WHERE n < 0")).isEqualTo(2L);
        assertThat(spark.sql("SELECT count(*), count(DISTINCT n) FROM mypar.s.events").first().getLong(1)).isEqualTo(100_000L);
    }

    @Test
    void aTableWithoutAKeyIsOneSplitAndExplainSaysWhy() {
        String plan = spark.sql("EXPLAIN SELECT * FROM mypar.s.heap").first().getString(0);
        assertThat(plan).contains("one split: no primary key or unique index");
        assertThat(spark.sql("EXPLAIN SELECT * FROM mypar.s.accounts").first().getString(0))
                .contains("splits by ranges of `id`", "one snapshot");
        assertThat(TestEnv.splitsUsed("SELECT * FROM mypar.s.heap")).isEqualTo(1L);
    }

    @Test
    void splitsShareOneSnapshotWhileAWriterMovesMoney() throws Exception {
        List<Long> ours = new ArrayList<>();
        List<Long> eachAtItsOwnMoment = new ArrayList<>();
        List<Long> sparkJdbc = new ArrayList<>();
        long transfers;
        long slowest;
        try (MySqlMoneyMover writer = new MySqlMoneyMover(my, DB, ROWS, 7)) {
            while (writer.transfers() < 10) {
                Thread.sleep(10);
            }
            for (int run = 0; run < 4; run++) {
                ours.add(spark.sql("SELECT sum(balance) FROM mypar.s.accounts").first().getLong(0));
                eachAtItsOwnMoment.add(spark.sql("SELECT sum(balance) FROM mypar_free.s.accounts").first().getLong(0));
                sparkJdbc.add(spark.read().format("jdbc").option("url", my.jdbcUrl(DB)).option("user", my.user())
                        .option("password", my.password()).option("sslMode", "DISABLED").option("dbtable", "accounts")
                        .option("partitionColumn", "id").option("lowerBound", "1").option("upperBound", Integer.toString(ROWS))
                        .option("numPartitions", "2").load().agg(org.apache.spark.sql.functions.sum("balance")).first().getLong(0));
            }
            transfers = writer.transfers();
            slowest = writer.slowestMillis();
        }
        System.out.printf("MySQL parallel scan under %d transfers (slowest %d ms): ours %s, consistent_snapshot=false %s,"
                + " Spark JDBC %s%n", transfers, slowest, ours, eachAtItsOwnMoment, sparkJdbc);
        assertThat(transfers).isGreaterThan(100);
        assertThat(ours).containsOnly(TOTAL);
        // the check can see a torn read: reads without a shared snapshot saw money in flight
        List<Long> unshared = new ArrayList<>(eachAtItsOwnMoment);
        unshared.addAll(sparkJdbc);
        assertThat(unshared).anyMatch(total -> total != TOTAL);
        assertThat(TestEnv.awaitNoOpenQueryScopes()).isZero();
    }

    @Test
    void eachSplitsSelectIsInTheQueryLogWithItsRowsAfterTheScansLock() {
        spark.sql("SELECT id, note FROM mypar.s.accounts WHERE id > 0").collect();
        long execution = spark.sql("SELECT max(query) FROM mypar.pg_catalog.svl_federated_query WHERE read_method = 'JDBC'"
                + " AND querytext LIKE '%`accounts` WHERE%`id` > 0%'").first().getLong(0);
        List<Row> logged = spark.sql("SELECT read_method, querytext, num_rows, num_bytes, status, sourcetype, databasename,"
                + " stage_id FROM mypar.pg_catalog.svl_federated_query WHERE query = " + execution).collectAsList();
        List<Row> reads = logged.stream().filter(r -> r.getString(0).equals("JDBC")).toList();
        assertThat(reads).hasSize(2).allSatisfy(r -> {
            assertThat(r.getString(1)).startsWith("SELECT `id`, `note` FROM `" + DB + "`.`accounts` WHERE ");
            assertThat(r.getString(4) + " " + r.getString(5) + " " + r.getString(6)).isEqualTo("ok mysql " + DB);
            assertThat(r.getLong(3)).isPositive();
            assertThat(r.isNullAt(7)).isFalse();
        });
        assertThat(reads.stream().mapToLong(r -> r.getLong(2)).sum()).isEqualTo(ROWS);
        assertThat(logged).extracting(r -> r.getString(1)).contains("LOCK TABLES `" + DB + "`.`accounts` READ")
                .filteredOn("START TRANSACTION WITH CONSISTENT SNAPSHOT"::equals).hasSameSizeAs(reads);
        assertThat(logged.toString()).doesNotContain(my.password());
    }
}
