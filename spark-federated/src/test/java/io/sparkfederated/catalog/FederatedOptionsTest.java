package io.sparkfederated.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.FederatedOptions;

/** Option parsing alone: no Spark, no server (nothing here connects anywhere). */
class FederatedOptionsTest {

    /** A valid external schema's options plus {@code extra}. */
    private static Map<String, String> options(Map<String, String> extra) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("engine", "postgres", "uri", "127.0.0.1",
                "database", "dev", "user", "analyst"));
        options.putAll(extra);
        return options;
    }

    private static ExternalSchema parse(Map<String, String> extra) {
        return ExternalSchemaParser.parse("s", options(extra), Set.of(), List.of());
    }

    /** The message parsing fails with. */
    private static String problem(Map<String, String> extra) {
        Throwable thrown = catchThrowable(() -> parse(extra));
        assertThat(thrown).as("parsing %s", extra).isInstanceOf(FederatedException.class);
        return thrown.getMessage();
    }

    @Test
    void optionsWhereZeroTurnsSomethingOffSaySoInsteadOfAskingForAPositiveInteger() {
        assertThat(problem(Map.of("metadata_cache_ttl", "-5")))
                .isEqualTo("external schema 's': option 'metadata_cache_ttl' must be a number of seconds ≥ 0, got '-5'");
        assertThat(problem(Map.of("runtime_filter_max_values", "-1")))
                .contains("option 'runtime_filter_max_values' must be a number of values ≥ 0, got '-1'");
        assertThat(problem(Map.of("engine", "redshift", "unload_threshold_mb", "lots")))
                .contains("option 'unload_threshold_mb' must be a number of MB ≥ 0, got 'lots'");
        Map<String, String> withSecret = new LinkedHashMap<>(options(Map.of("port", "5432", "secret_cache_ttl", "-1",
                "secret_arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db")));
        withSecret.remove("user"); // uri, port and database are given: the secret is not read
        assertThat(catchThrowable(() -> ExternalSchemaParser.parse("s", withSecret, Set.of(), List.of())))
                .hasMessageContaining("option 'secret_cache_ttl' must be a number of seconds ≥ 0, got '-1'");
        // options that must be above 0 keep saying so
        assertThat(problem(Map.of("batch_size", "0"))).contains("option 'batch_size' must be a positive integer, got '0'");

        assertThat(parse(Map.of("metadata_cache_ttl", "0")).metadataCacheTtlSeconds()).isZero();
        assertThat(parse(Map.of("metadata_cache_ttl", " 00 ")).metadataCacheTtlSeconds()).isZero();
        assertThat(parse(Map.of("runtime_filter_max_values", "0")).scan().runtimeFilterMaxValues()).isZero();
        assertThat(parse(Map.of()).metadataCacheTtlSeconds()).isEqualTo(Integer.parseInt(io.sparkfederated.config.CommonOptions.METADATA_CACHE_TTL.defaultValue()));
    }

    @Test
    void everyProblemOfASchemaIsReportedInOneError() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("split_size_mb", "abc");
        bad.put("sslmod", "require");
        bad.put("engine", "oracle");
        bad.put("batch_size", "0");
        assertThat(problem(bad)).isEqualTo("external schema 's' has 4 problems:"
                + " (1) unknown option 'sslmod' (did you mean 'sslmode'?);"
                + " (2) unknown engine 'oracle'; use one of postgres, mysql, redshift;"
                + " (3) option 'split_size_mb' must be a positive integer, got 'abc';"
                + " (4) option 'batch_size' must be a positive integer, got '0'");
        // one problem reads as before
        assertThat(problem(Map.of("port", "x"))).isEqualTo("external schema 's': option 'port' must be a positive integer, got 'x'");
        // the data source's own options count as valid, and are suggested too
        assertThat(catchThrowable(() -> ExternalSchemaParser.parse("federated data source", options(Map.of("numpartition", "4")),
                FederatedOptions.DATA_SOURCE_ONLY, List.of())))
                .hasMessage("federated data source: unknown option 'numpartition' (did you mean 'numpartitions'?)");
    }

    @Test
    void aMisspeltOptionNamesTheValidOneItMostLikelyMeans() {
        assertThat(problem(Map.of("split-size-mb", "8"))).endsWith("unknown option 'split-size-mb' (did you mean 'split_size_mb'?)");
        assertThat(problem(Map.of("metdata_cache_tll", "8"))).endsWith("(did you mean 'metadata_cache_ttl'?)");
        assertThat(problem(Map.of("prot", "5432"))).endsWith("(did you mean 'port'?)");
        assertThat(problem(Map.of("url", "h"))).endsWith("(did you mean 'uri'?)");
        assertThat(problem(Map.of("host", "h"))).endsWith("(did you mean 'uri'?)");
        assertThat(parse(Map.of("SSLMode", "require")).sslMode()).isEqualTo("require"); // names are case-insensitive
        assertThat(problem(Map.of("colour", "blue")))
                .startsWith("external schema 's': unknown option 'colour'; valid options are [auth, batch_size,");
    }

    @Test
    void theSecretIsNotReadWhileTheOptionsHaveProblems() {
        // the secret would have to fill in the host; reading it would try the closed port 1 and fail differently
        Map<String, String> opts = new LinkedHashMap<>(Map.of("engine", "postgres", "batch_size", "x",
                "secret_arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
                "secretsmanager_endpoint", "http://127.0.0.1:1"));
        assertThat(catchThrowable(() -> ExternalSchemaParser.parse("s", opts, Set.of(), List.of())))
                .hasMessage("external schema 's': option 'batch_size' must be a positive integer, got 'x'");
    }
}
