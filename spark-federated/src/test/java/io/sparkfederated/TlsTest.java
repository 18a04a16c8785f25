package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        try {
            read(options);
        } catch (Exception e) {
            return TestEnv.messages(e);
        }
        throw new AssertionError("expected the connection to fail");
    }

    @Test
    void verifyFullWithTheServersCaConnectsOverTls() {
        assertThat(read(options("verify-full", tls.caCert().toString())).getBoolean(0)).isTrue();
        assertThat(read(options("require", null)).getBoolean(0)).isTrue();
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
