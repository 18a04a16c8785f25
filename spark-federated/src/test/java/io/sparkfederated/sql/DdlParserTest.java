package io.sparkfederated.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sparkfederated.config.TestEngines;

/** The DDL parser with described engines: their keywords, ports and schema rules come from them. No Spark. */
class DdlParserTest {

    private static final String TAIL = " URI 'db.example.com' IAM_ROLE default"
            + " SECRET_ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s'";

    private static DdlParser.CreateExternalSchema create(String sql) {
        Optional<DdlParser.Statement> statement = DdlParser.parse(sql, TestEngines.ALL);
        return (DdlParser.CreateExternalSchema) statement.orElseThrow();
    }

    @Test
    void eachEnginesKeywordDefaultPortAndSchema() {
        var alpha = create("create external schema if not exists cat.x from alpha database 'd' schema 'sales'" + TAIL);
        assertThat(alpha.name()).containsExactly("cat", "x");
        assertThat(alpha.ifNotExists()).isTrue();
        assertThat(alpha.options()).containsEntry("engine", "alpha").containsEntry("port", "5432")
                .containsEntry("schema", "sales").containsEntry("database", "d").containsEntry("uri", "db.example.com");
        var beta = create("CREATE EXTERNAL SCHEMA x FROM BETA DATABASE 'shop'" + TAIL + " PORT 3307");
        assertThat(beta.options()).containsEntry("engine", "beta").containsEntry("port", "3307").doesNotContainKey("schema");
        assertThat(create("CREATE EXTERNAL SCHEMA x FROM GAMMA DATABASE 'd'" + TAIL).options()).containsEntry("port", "7000")
                .containsEntry("schema", "public");
    }

    @Test
    void errorsNameTheInstalledEngines() {
        assertThatThrownBy(() -> create("CREATE EXTERNAL SCHEMA x FROM ORACLE DATABASE 'd'" + TAIL))
                .hasMessageContaining("expected ALPHA, BETA or GAMMA after FROM, found ORACLE");
        assertThatThrownBy(() -> create("CREATE EXTERNAL SCHEMA x FROM BETA DATABASE 'd' SCHEMA 's'" + TAIL))
                .hasMessageContaining("FROM BETA takes no SCHEMA clause: the Beta database is the schema");
        assertThatThrownBy(() -> create("CREATE EXTERNAL SCHEMA x FROM KINESIS"))
                .hasMessageContaining("FROM KINESIS is not a federated source; spark-federated maps ALPHA, BETA, GAMMA");
        assertThatThrownBy(() -> create("CREATE EXTERNAL SCHEMA x FROM ALPHA DATABASE 'd' URI 'h'"))
                .hasMessageContaining("CREATE EXTERNAL SCHEMA … FROM ALPHA needs a IAM_ROLE clause");
    }

    @Test
    void otherStatementsAreLeftToSpark() {
        assertThat(DdlParser.parse("SELECT 1", TestEngines.ALL)).isEmpty();
        assertThat(DdlParser.parse("CREATE SCHEMA x", TestEngines.ALL)).isEmpty();
        var drop = (DdlParser.DropSchemas) DdlParser.parse("DROP SCHEMA IF EXISTS a, b", TestEngines.ALL).orElseThrow();
        assertThat(drop.names()).containsExactly(List.of("a"), List.of("b"));
        assertThat(drop.ifExists()).isTrue();
        assertThat(drop.cascade()).isFalse();
    }
}
