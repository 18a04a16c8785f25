package io.sparkfederated.connector.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;

/**
 * {@code sslrootcert} for Connector/J, which reads CAs from a key store, not a PEM file: the bundle's
 * certificates (the RDS bundle holds many) become a PKCS#12 trust store, written once per file and JVM,
 * that the session trusts instead of the JVM's.
 */
final class MySqlTrustStore {

    /** Not a secret: the store holds public certificates only; PKCS#12 wants a password. */
    private static final String PASSWORD = "spark-federated";
    private static final Map<String, Path> STORES = new ConcurrentHashMap<>();

    private MySqlTrustStore() {
    }

    /** Adds Connector/J's trust-store properties when the schema names a CA bundle. */
    static void apply(ExternalSchema schema, Properties props) {
        if (schema.sslRootCert() == null) {
            return;
        }
        Path store = STORES.computeIfAbsent(schema.sslRootCert(), pem -> write(schema, Path.of(pem)));
        props.setProperty("trustCertificateKeyStoreUrl", store.toUri().toString());
        props.setProperty("trustCertificateKeyStoreType", "PKCS12");
        props.setProperty("trustCertificateKeyStorePassword", PASSWORD);
        props.setProperty("fallbackToSystemTrustStore", "false");
    }

    private static Path write(ExternalSchema schema, Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, c);
            }
            if (n == 0) {
                throw new FederatedException(schema.describe() + ": sslrootcert '" + pem + "' holds no PEM certificate");
            }
            Path file = Files.createTempFile("spark-federated-mysql-ca-", ".p12");
            file.toFile().deleteOnExit();
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new FederatedException(schema.describe() + ": cannot read sslrootcert '" + pem + "': " + e.getMessage(), e);
        }
    }
}
