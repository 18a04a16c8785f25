package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sparkfederated.sandbox.PostgresServer;

/**
 * The supported server range: a smoke test on the oldest and a middle major (the rest of the suite
 * runs on the newest), and a clear error for a server that is too old.
 */
class ServerVersionsTest {

    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
    }

    private static String catalogOn(PostgresServer server, String name) {
        return TestEnv.defineCatalog(name, server, "postgres", Map.of());
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 15})
    void listsDescribesAndReadsOnOlderSupportedServers(int major) {
        try (PostgresServer server = PostgresServer.start(major)) {
            server.execute("postgres",
                    "CREATE TABLE smoke (id int NOT NULL, n numeric(10,3), ts timestamptz, tags text[], d date)",
                    "INSERT INTO smoke VALUES (1, 1.5, '2024-06-01 12:00:00+00', '{a,b}', '0001-01-01 BC'), (2, NULL, NULL, NULL, NULL)");
            String catalog = catalogOn(server, "pg" + major);
            assertThat(spark.sql("SHOW TABLES IN " + catalog + ".s").collectAsList()).extracting(r -> r.getString(1))
                    .containsExactly("smoke");
            assertThat(spark.table(catalog + ".s.smoke").schema().simpleString())
                    .isEqualTo("struct<id:int,n:decimal(10,3),ts:timestamp,tags:array<string>,d:date>");
            assertThat(TestEnv.show(spark.sql("SELECT * FROM " + catalog + ".s.smoke ORDER BY id").collectAsList()))
                    .isEqualTo("[[1,1.500,2024-06-01T12:00:00Z,ArraySeq(a, b),0000-01-01], [2,null,null,null,null]]");
            runtimeFilterOfManyKeys(server, catalog, major);
        }
    }

    /**
     * 1,500 join keys from a Parquet side: PostgreSQL 14+ gets them all as one array (it hashes it);
     * 12 and 13, which would test each row against every value, get the range the keys span.
     */
    private static void runtimeFilterOfManyKeys(PostgresServer server, String catalog, int major) {
        server.execute("postgres", "CREATE TABLE facts AS SELECT g AS id, (g % 3000)::int AS k FROM generate_series(1, 30000) g",
                "ANALYZE facts");
        String dimension;
        try {
            dimension = java.nio.file.Files.createTempDirectory("spark-federated-pg" + major + "-").resolve("dim").toUri().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        spark.sql("SELECT CAST(id AS INT) AS k, CASE WHEN id % 2 = 0 THEN 'hot' ELSE 'cold' END AS temperature"
                + " FROM range(0, 3000)").write().parquet(dimension);
        var df = spark.sql("SELECT count(*), sum(f.id) FROM " + catalog + ".s.facts f JOIN parquet.`" + dimension
                + "` d ON f.k = d.k WHERE d.temperature = 'hot'");
        assertThat(TestEnv.show(df.collectAsList())).isEqualTo("[[15000,225015000]]");
        if (major >= 14) {
            assertThat(TestEnv.remoteSql(df)).contains("(\"k\") = ANY ('{").contains("/* 1,500 values */");
            assertThat(TestEnv.federatedRows(df, "facts")).isEqualTo(15_000);
        } else {
            assertThat(TestEnv.remoteSql(df)).contains("((\"k\") >= ((0))) AND ((\"k\") <= ((2998)))").doesNotContain("ANY (");
        }
    }

    @Test
    void olderThan12IsRejectedNamingTheVersionFoundAndTheSupportedRange() {
        try (PostgresServer server = PostgresServer.start(11)) {
            String catalog = catalogOn(server, "pg11");
            assertThatThrownBy(() -> spark.sql("SHOW TABLES IN " + catalog + ".s").collect())
                    .satisfies(e -> assertThat(TestEnv.messages(e))
                            .containsPattern("PostgreSQL 11\\.\\d+ is not supported; spark-federated supports PostgreSQL 12 to 18"));
        }
    }
}
