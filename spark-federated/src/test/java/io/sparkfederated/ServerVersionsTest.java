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
