package io.sparkfederated.testengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.TestEnv;
import io.sparkfederated.connector.EngineProvider;
import io.sparkfederated.connector.Engines;
import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.sql.DdlParser;

/**
 * An engine added without touching shared code: one provider class and one service file, put on
 * the class path of this test only (its own surefire run). It is found, named in the DDL, queried,
 * listed in the metadata tables, and owns its options.
 */
class PluggedInEngineTest {

    private static SparkSession spark;
    private static PostgresServer pg;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        pg = TestEnv.postgres();
    }

    private static String catalog(String name, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(extra);
        options.putIfAbsent("engine", "pgtest");
        return TestEnv.defineCatalog(name, pg, TestEnv.MAIN_DB, options);
    }

    @Test
    void theEngineIsFoundBesideTheBuiltInOnes() {
        assertThat(Engines.installed()).extracting(EngineProvider::name).contains("postgres", "mysql", "redshift", "pgtest");
    }

    @Test
    void anExternalSchemaOfTheEngineIsQueried() {
        String c = catalog("plugged", Map.of());
        assertThat(spark.sql("SELECT count(*) FROM " + c + ".s.orders").first().getLong(0)).isEqualTo(4);
        assertThat(spark.sql("SELECT eskind FROM " + c + ".pg_catalog.svv_external_schemas WHERE schemaname = 's'")
                .collectAsList().toString()).isEqualTo("[[42]]");
        // an alias names the same engine
        String alias = catalog("pluggedalias", Map.of("engine", "PG-TEST"));
        assertThat(spark.sql("SELECT count(*) FROM " + alias + ".s.orders").first().getLong(0)).isEqualTo(4);
    }

    @Test
    void theDdlTakesTheEnginesKeywordAndDefaultPort() {
        var create = (DdlParser.CreateExternalSchema) DdlParser.parse("CREATE EXTERNAL SCHEMA x FROM PGTEST DATABASE 'd'"
                + " URI 'db.example.com' IAM_ROLE default SECRET_ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s'")
                .orElseThrow();
        assertThat(create.options()).containsEntry("engine", "pgtest").containsEntry("port", "6543")
                .containsEntry("schema", "public");
    }

    @Test
    void theEngineOwnsItsOptions() {
        String ok = catalog("pluggedopt", Map.of("pgtest_greeting", "hi"));
        assertThat(spark.sql("SELECT count(*) FROM " + ok + ".s.orders").first().getLong(0)).isEqualTo(4);
        String checked = catalog("pluggedbad", Map.of("pgtest_greeting", "bad"));
        assertThat(TestEnv.failureMessages(() -> spark.sql("SHOW TABLES IN " + checked + ".s").collect()))
                .contains("pgtest_greeting=bad is refused by the engine's own check");
        String other = catalog("pluggedpg", Map.of("engine", "postgres", "pgtest_greeting", "hi"));
        assertThat(TestEnv.failureMessages(() -> spark.sql("SHOW TABLES IN " + other + ".s").collect()))
                .contains("option 'pgtest_greeting' is for engine 'pgtest', not 'postgres'");
        assertThat(List.of(Engines.named("pgtest").options().get(0).name())).containsExactly("pgtest_greeting");
    }
}
