package io.sparkfederated.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.TestEnv;
import io.sparkfederated.sandbox.MariaDbServer;
import io.sparkfederated.sandbox.SandboxTls;

/**
 * TLS to MySQL against a sandbox MariaDB that presents a certificate for 127.0.0.1 signed by its own
 * CA: {@code sslrootcert} (a PEM file, as for PostgreSQL) is trusted for verify-ca and verify-full;
 * without it, or with another CA, the connection fails with an error that says what to check.
 */
class MySqlTlsTest {

    private static final String CIPHER = "SELECT VARIABLE_VALUE AS cipher FROM information_schema.SESSION_STATUS"
            + " WHERE VARIABLE_NAME = 'Ssl_cipher'";
    private static MariaDbServer tlsServer;
    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = MySqlTestEnv.spark();
        tlsServer = MariaDbServer.startWithTls();
        tlsServer.recreateDatabase("my_tls");
    }

    @AfterAll
    static void tearDown() {
        tlsServer.close();
    }

    private static String cipher(Map<String, String> extra) {
        Map<String, String> options = new LinkedHashMap<>(tlsServer.externalSchemaOptions("my_tls"));
        options.putAll(extra);
        options.put("query", CIPHER);
        return spark.read().format("federated").options(options).load().first().getString(0);
    }

    @Test
    void verifyFullAndVerifyCaTrustTheCaOfSslrootcert() {
        String ca = tlsServer.tls().caCert().toString();
        assertThat(cipher(Map.of("sslmode", "verify-full", "sslrootcert", ca))).isNotBlank();
        assertThat(cipher(Map.of("sslmode", "verify-ca", "sslrootcert", ca))).isNotBlank();
        assertThat(cipher(Map.of("sslmode", "require"))).isNotBlank();
        assertThat(cipher(Map.of("sslmode", "disable"))).isBlank();
    }

    @Test
    void anUntrustedServerCertificateFailsNamingWhatToCheck() throws Exception {
        // the JVM's trust store does not hold the server's CA
        assertThat(TestEnv.failureMessages(() -> cipher(Map.of("sslmode", "verify-full"))))
                .contains("TLS failed", "'sslrootcert'");
        // nor does another CA's bundle
        SandboxTls other = SandboxTls.create(Files.createTempDirectory("spark-federated-other-ca-"));
        assertThat(TestEnv.failureMessages(() -> cipher(Map.of("sslmode", "verify-ca", "sslrootcert", other.caCert().toString()))))
                .contains("TLS failed", "'sslrootcert'");
    }
}
