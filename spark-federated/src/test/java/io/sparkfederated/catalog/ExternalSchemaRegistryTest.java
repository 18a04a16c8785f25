package io.sparkfederated.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import io.sparkfederated.config.ExternalSchema;

/** A catalog's schemas.* and defaults.* settings, without Spark or a server (no registry location: no file system). */
class ExternalSchemaRegistryTest {

    /** Catalog options defining a valid external schema {@code good}, plus {@code extra}. */
    private static ExternalSchemaRegistry open(Map<String, String> extra) {
        Map<String, String> options = new LinkedHashMap<>();
        Map.of("engine", "postgres", "uri", "127.0.0.1", "database", "dev", "user", "analyst")
                .forEach((k, v) -> options.put("schemas.good." + k, v));
        options.putAll(extra);
        return ExternalSchemaRegistry.open("fed", options, () -> {
            throw new AssertionError("no registry is configured: the Hadoop configuration is not needed");
        });
    }

    private static String failure(ExternalSchemaRegistry registry, String schema) {
        Throwable thrown = catchThrowable(() -> registry.find(schema));
        assertThat(thrown).as("using %s", schema).isNotNull();
        return thrown.getMessage();
    }

    @Test
    void aSchemaWithBadOptionsFailsOnlyWhenUsedAndReportsAllItsProblems() {
        ExternalSchemaRegistry registry = open(Map.of("schemas.typo2.engine", "postgres", "schemas.typo2.uri", "h",
                "schemas.typo2.database", "d", "schemas.typo2.user", "u",
                "schemas.typo2.split_size_mb", "abc", "schemas.typo2.sslmod", "require"));
        assertThat(registry.names()).containsExactly("good", "typo2");
        assertThat(registry.contains("TYPO2")).isTrue();
        assertThat(registry.find("good")).get().extracting(ExternalSchema::database).isEqualTo("dev");
        assertThat(registry.entry("typo2")).get().matches(ExternalSchemaRegistry.Entry::broken);
        assertThat(failure(registry, "typo2")).isEqualTo("external schema 'typo2' has 2 problems:"
                + " (1) unknown option 'sslmod' (did you mean 'sslmode'?);"
                + " (2) option 'split_size_mb' must be a positive integer, got 'abc'");
        assertThat(registry.entries()).extracting(ExternalSchemaRegistry.Entry::name).containsExactly("good", "typo2");
    }

    @Test
    void aMisspeltDefaultFailsEverySchemaWhenUsedNamingTheSettingAndTheValidName() {
        ExternalSchemaRegistry registry = open(Map.of("defaults.sslmod", "verify-full", "defaults.uri", "elsewhere",
                "schemas.typo2.engine", "postgres", "schemas.typo2.uri", "h", "schemas.typo2.database", "d",
                "schemas.typo2.user", "u", "schemas.typo2.batch_size", "-1"));
        assertThat(registry.names()).containsExactly("good", "typo2");
        assertThat(failure(registry, "good")).startsWith("external schema 'good' has 2 problems:"
                + " (1) catalog option 'spark.sql.catalog.fed.defaults.sslmod': unknown option 'sslmod' (did you mean 'sslmode'?);"
                + " (2) catalog option 'spark.sql.catalog.fed.defaults.uri': 'uri' cannot be a catalog-wide default;"
                + " defaults may set [auth, batch_size,");
        assertThat(failure(registry, "typo2")).startsWith("external schema 'typo2' has 3 problems:")
                .contains("defaults.sslmod").endsWith("(3) option 'batch_size' must be a positive integer, got '-1'");
    }

    @Test
    void validDefaultsApplyToSchemasThatDoNotSetTheOption() {
        ExternalSchemaRegistry registry = open(Map.of("defaults.batch_size", "17", "defaults.sslmode", "require",
                "schemas.other.engine", "postgres", "schemas.other.uri", "h", "schemas.other.database", "d",
                "schemas.other.user", "u", "schemas.other.batch_size", "5"));
        assertThat(registry.find("good").orElseThrow().scan().batchSize()).isEqualTo(17);
        assertThat(registry.find("good").orElseThrow().sslMode()).isEqualTo("require");
        assertThat(registry.find("other").orElseThrow().scan().batchSize()).isEqualTo(5);
    }
}
