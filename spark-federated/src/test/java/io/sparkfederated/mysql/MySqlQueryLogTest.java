package io.sparkfederated.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.MariaDbServer;

/** A MySQL read's statements in svl_federated_query: each split's streamed SELECT, its snapshot and the scan's lock. */
class MySqlQueryLogTest {

    private static final String DB = "my_qlog";
    private static final int ROWS = 60_000;
    private static SparkSession spark;
    private static MariaDbServer my;

    @BeforeAll
    static void setUp() {
        my = MySqlTestEnv.server();
        spark = MySqlTestEnv.spark();
        my.recreateDatabase(DB);
        my.execute(DB,
                "CREATE TABLE qlog_rows (id int PRIMARY KEY, note varchar(100))",
                "INSERT INTO qlog_rows SELECT seq, REPEAT('m', 60) FROM seq_1_to_" + ROWS,
                "ANALYZE TABLE qlog_rows");
        MySqlTestEnv.defineCatalog("myqlog", DB, Map.of("split_size_mb", "1", "max_connections", "4"));
    }

    @Test
    void eachSplitsSelectIsLoggedWithItsRowsAfterTheScansLock() {
        spark.sql("SELECT id, note FROM myqlog.s.qlog_rows").collect();
        List<Row> rows = spark.sql("SELECT query, read_method, querytext, num_rows, num_bytes, status, sourcetype,"
                + " databasename, stage_id FROM myqlog.pg_catalog.svl_federated_query WHERE querytext LIKE '%qlog_rows%'"
                + " ORDER BY recordtime").collectAsList();
        long execution = rows.get(rows.size() - 1).getLong(0); // the statements of the last query
        List<Row> reads = rows.stream().filter(r -> r.getLong(0) == execution && r.getString(1).equals("JDBC")).toList();
        assertThat(reads).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> {
            assertThat(r.getString(2)).startsWith("SELECT ").contains("`qlog_rows`");
            assertThat(r.getString(5)).isEqualTo("ok");
            assertThat(r.getString(6) + " " + r.getString(7)).isEqualTo("mysql " + DB);
            assertThat(r.getLong(4)).isPositive();
            assertThat(r.isNullAt(8)).isFalse();
        });
        assertThat(reads.stream().mapToLong(r -> r.getLong(3)).sum()).isEqualTo(ROWS);
        assertThat(rows).filteredOn(r -> r.getLong(0) == execution)
                .anySatisfy(r -> assertThat(r.getString(2)).isEqualTo("LOCK TABLES `" + DB + "`.`qlog_rows` READ"));
        assertThat(spark.sql("SELECT count(*) FROM myqlog.pg_catalog.svl_federated_query WHERE query = " + execution
                + " AND querytext = 'START TRANSACTION WITH CONSISTENT SNAPSHOT'").first().getLong(0)).isEqualTo(reads.size());
        assertThat(rows.toString()).doesNotContain(my.password());
    }
}
