package io.sparkfederated.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The options parser and its precedence, with described engines and a secret held in memory: no Spark, no server, no AWS. */
class OptionResolutionTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db";
    private final List<String> secretReads = new ArrayList<>();

    private ExternalSchema parse(Map<String, String> options) {
        return FederatedOptions.parse("s", options, Set.of(), List.of(), TestEngines.ALL, (where, secret) -> {
            secretReads.add(secret.secretArn());
            return Map.of("host", "db.internal", "port", "6000", "dbname", "sales");
        });
    }

    private static Map<String, String> plain(String engine, String... more) {
        Map<String, String> options = new HashMap<>(Map.of("engine", engine, "uri", "h", "database", "d", "user", "u"));
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    @Test
    void theEngineGivesTheDefaultPortAndRemoteSchema() {
        assertThat(parse(plain("alpha")).port()).isEqualTo(5432);
        assertThat(parse(plain("alpha")).remoteSchema()).isEqualTo("public");
        assertThat(parse(plain("BETA")).port()).isEqualTo(3306);
        assertThat(parse(plain("beta")).remoteSchema()).isEqualTo("d"); // the database is the schema
        assertThat(parse(plain("betadb")).engine()).isEqualTo("beta"); // an alias, stored by its engine's name
        assertThatThrownBy(() -> parse(plain("delta")))
                .hasMessage("external schema 's': unknown engine 'delta'; use one of alpha, beta, gamma");
    }

    @Test
    void aSecretFillsWhatTheOptionsLeaveOutAndIsReadOnlyWhenAllElseIsRight() {
        ExternalSchema fromSecret = parse(Map.of("engine", "alpha", "secret_arn", ARN));
        assertThat(List.of(fromSecret.host(), fromSecret.port(), fromSecret.database())).containsExactly("db.internal", 6000, "sales");
        assertThat(fromSecret.sslMode()).isEqualTo("require"); // a secret's login to another machine
        assertThat(secretReads).containsExactly(ARN);
        // nothing to fill: not read
        parse(Map.of("engine", "alpha", "secret_arn", ARN, "uri", "h", "port", "1", "database", "d"));
        assertThat(secretReads).hasSize(1);
        // another problem: not read either, and reported
        assertThatThrownBy(() -> parse(Map.of("engine", "alpha", "secret_arn", ARN, "batch_size", "x")))
                .hasMessageContaining("option 'batch_size' must be a positive integer, got 'x'");
        assertThat(secretReads).hasSize(1);
    }

    @Test
    void anEngineOwnsItsOptions() {
        assertThat(parse(plain("gamma", "gamma_mode", "SLOW")).tuning().get(TestEngines.GAMMA_MODE)).isEqualTo("slow");
        assertThat(parse(plain("gamma")).tuning().get(TestEngines.GAMMA_MODE)).isEqualTo("fast");
        assertThatThrownBy(() -> parse(plain("alpha", "gamma_mode", "slow")))
                .hasMessage("external schema 's': option 'gamma_mode' is for engine 'gamma', not 'alpha'");
        assertThatThrownBy(() -> parse(plain("gamma", "gamma_mode", "never")))
                .hasMessage("external schema 's': gamma_mode=never is refused");
        assertThatThrownBy(() -> parse(plain("gamma", "gamma_mode", "sometimes")))
                .hasMessage("external schema 's': option 'gamma_mode' must be 'fast', 'slow' or 'never', got 'sometimes'");
    }

    @Test
    void aReadOptionOverridesTheSchemasWhichOverridesTheBuiltInDefault() {
        ExternalSchema schema = parse(plain("gamma", "batch_size", "100", "split_size_mb", "8"));
        assertThat(schema.scan().batchSize()).isEqualTo(100);
        assertThat(schema.scan().maxConnections()).isEqualTo(8); // built-in
        ExternalSchema read = FederatedOptions.withReadOptions(schema,
                Map.of("BATCH_SIZE", "7", "max_connections", "2", "gamma_mode", "slow", "partitionColumn", "id"), TestEngines.GAMMA);
        assertThat(read.scan().batchSize()).isEqualTo(7);
        assertThat(read.scan().maxConnections()).isEqualTo(2);
        assertThat(read.scan().splitSizeBytes()).isEqualTo(8L << 20); // the schema's, kept
        assertThat(read.tuning().get(TestEngines.GAMMA_MODE)).isEqualTo("slow");
        assertThat(schema.scan().batchSize()).isEqualTo(100); // the schema itself is unchanged
        assertThat(FederatedOptions.withReadOptions(schema, Map.of(), TestEngines.GAMMA)).isSameAs(schema);
    }

    @Test
    void anEnginesOwnDefaultOfACommonOptionSitsBelowWhatTheSchemaAndTheReadSay() {
        assertThat(parse(plain("alpha")).scan().runtimeFilterMaxValues()).isEqualTo(1000); // the common built-in
        ExternalSchema gamma = parse(plain("gamma"));
        assertThat(gamma.scan().runtimeFilterMaxValues()).isEqualTo(50_000); // gamma's own
        assertThat(parse(plain("gamma", "runtime_filter_max_values", "10")).scan().runtimeFilterMaxValues()).isEqualTo(10);
        assertThat(FederatedOptions.withReadOptions(gamma, Map.of("runtime_filter_max_values", "0"), TestEngines.GAMMA)
                .scan().runtimeFilterMaxValues()).isZero();
        assertThat(FederatedOptions.withReadOptions(gamma, Map.of("batch_size", "9"), TestEngines.GAMMA)
                .scan().runtimeFilterMaxValues()).isEqualTo(50_000);
    }

    @Test
    void aReadMayNotChangeWhatIdentifiesTheDatabase() {
        ExternalSchema schema = parse(plain("gamma"));
        assertThatThrownBy(() -> FederatedOptions.withReadOptions(schema, Map.of("uri", "elsewhere"), TestEngines.GAMMA))
                .hasMessageContaining("option 'uri' cannot be set per read; set it on the external schema");
        assertThatThrownBy(() -> FederatedOptions.withReadOptions(schema, Map.of("batch_sise", "1"), TestEngines.GAMMA))
                .hasMessageContaining("unknown option 'batch_sise' (did you mean 'batch_size'?)");
        assertThatThrownBy(() -> FederatedOptions.withReadOptions(schema, Map.of("gamma_mode", "never"), TestEngines.GAMMA))
                .hasMessageContaining("gamma_mode=never is refused");
    }
}
