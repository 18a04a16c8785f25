package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.credentials.LoginResolver;
import io.sparkfederated.sandbox.LocalAws;
import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.sandbox.SandboxTls;

/** TLS to PostgreSQL: sslmode and sslrootcert, against a sandbox server with its own CA. */
class TlsTest {

    private static SparkSession spark;
    private static PostgresServer server;
    private static SandboxTls tls;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        server = PostgresServer.start();
        tls = server.enableTls("tls_only");
        server.execute("postgres", "CREATE ROLE tls_only LOGIN PASSWORD 'tls-only-pw'", "GRANT pg_read_all_stats TO tls_only");
    }

    @AfterAll
    static void tearDown() {
        server.close();
    }

    private static Map<String, String> options(String sslMode, String rootCert) {
        Map<String, String> options = new LinkedHashMap<>(server.externalSchemaOptions("postgres"));
        options.put("user", "tls_only");
        options.put("password", "tls-only-pw");
        options.put("sslmode", sslMode);
        if (rootCert != null) {
            options.put("sslrootcert", rootCert);
        }
        options.put("query", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
        return options;
    }

    private static Row read(Map<String, String> options) {
        return spark.read().format("federated").options(options).load().first();
    }

    private static String failure(Map<String, String> options) {
        return TestEnv.failureMessages(() -> read(options));
    }

    @Test
    void verifyFullWithTheServersCaConnectsOverTls() {
        assertThat(read(options("verify-full", tls.caCert().toString())).getBoolean(0)).isTrue();
        assertThat(read(options("require", null)).getBoolean(0)).isTrue();
    }

    @Test
    void rdsIamAuthenticationSendsASignedTokenAsThePassword() {
        LocalAws aws = TestEnv.aws();
        String role = LocalAws.roleArn("rds-connect");
        aws.allowAssumeRole(LocalAws.BASE_USER_ARN, role);
        Map<String, String> options = options("verify-full", tls.caCert().toString());
        options.remove("password");
        options.put("user", "iam_user");
        options.put("auth", "iam");
        options.put("region", "eu-west-1");
        options.put("iam_role", role);
        options.put("sts_endpoint", aws.endpoint());
        var schema = io.sparkfederated.catalog.ExternalSchemaParser.parse("federated data source", options, FederatedOptions.DATA_SOURCE_ONLY, java.util.List.of());
        // DESCRIBE NAMESPACE shows how it logs in (never a token or password)
        assertThat(schema.publicProperties()).containsEntry("auth", "iam").containsEntry("region", "eu-west-1")
                .containsEntry("iam_role", role).containsEntry("user", "iam_user").doesNotContainKey("password");
        aws.clearCalls();
        String token = LoginResolver.login("test", schema.credentials(), schema.host(), schema.port()).password();
        assertThat(aws.calls()).containsExactly("AssumeRole " + role + " by " + LocalAws.BASE_USER_ARN);
        assertThat(token).startsWith("127.0.0.1:" + server.port() + "/?").contains("Action=connect", "DBUser=iam_user",
                "X-Amz-Credential=", "%2Feu-west-1%2Frds-db%2Faws4_request", "X-Amz-Security-Token=", "X-Amz-Signature=");
        // RDS checks the token; the sandbox stands in by taking this token as the user's password
        server.execute("postgres", "DROP ROLE IF EXISTS iam_user", "CREATE ROLE iam_user LOGIN PASSWORD '" + token + "'");
        assertThat(read(options).getBoolean(0)).isTrue();
        options.put("sslmode", "prefer");
        assertThat(failure(options)).contains("auth=iam sends a token that must not cross the network in clear text");
    }

    @Test
    void aServerThatRequiresTlsRejectsPlainConnectionsWithAnErrorNamingSslmode() {
        assertThat(failure(options("disable", null))).contains("sslmode").contains("tls_only").doesNotContain("tls-only-pw");
    }

    @Test
    void verifyFullWithAnotherCaRefusesTheServer() throws Exception {
        SandboxTls other = SandboxTls.create(java.nio.file.Files.createTempDirectory("other-ca-"));
        assertThat(failure(options("verify-full", other.caCert().toString()))).contains("TLS failed", "check 'sslmode' and 'sslrootcert'")
                .doesNotContain("tls-only-pw");
    }
}
