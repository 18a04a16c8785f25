package io.sparkfederated.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1 / localhost, made with
 * the JDK's keytool (no OpenSSL needed), for the sandbox PostgreSQL's TLS mode.
 *
 * @param caCert     the CA certificate (PEM): what a client trusts ({@code sslrootcert})
 * @param serverCert the server certificate (PEM), signed by the CA
 * @param serverKey  the server's private key (PKCS#8 PEM)
 */
public record SandboxTls(Path caCert, Path serverCert, Path serverKey) {

    private static final String STORE_PASSWORD = "sandbox-keystore";

    /** Creates the CA and the server certificate in {@code dir}. */
    public static SandboxTls create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path ca = dir.resolve("ca.p12");
            Path server = dir.resolve("server.p12");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=spark-federated sandbox CA",
                    "-ext", "bc:c", "-validity", "3650", "-keystore", ca.toString(), "-storetype", "PKCS12");
            keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", ca.toString(), "-file", dir.resolve("ca.crt").toString());
            keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                    "-validity", "3650", "-keystore", server.toString(), "-storetype", "PKCS12");
            keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", dir.resolve("server.csr").toString());
            keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", dir.resolve("server.csr").toString(),
                    "-outfile", dir.resolve("server.crt").toString(), "-rfc", "-validity", "3650",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "KU=digitalSignature,keyEncipherment", "-ext", "EKU=serverAuth");
            Path key = dir.resolve("server.key");
            Files.writeString(key, pem("PRIVATE KEY", privateKey(server, "server").getEncoded()));
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            return new SandboxTls(dir.resolve("ca.crt"), dir.resolve("server.crt"), key);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the sandbox TLS certificates", e);
        }
    }

    /** A server-side TLS context presenting the CA-signed server certificate (for servers written in Java). */
    public javax.net.ssl.SSLContext serverContext() {
        try {
            java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
            java.security.cert.Certificate[] chain = new java.security.cert.Certificate[2];
            try (InputStream server = Files.newInputStream(serverCert); InputStream ca = Files.newInputStream(caCert)) {
                chain[0] = x509.generateCertificate(server);
                chain[1] = x509.generateCertificate(ca);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey(caCert.resolveSibling("server.p12"), "server"),
                    STORE_PASSWORD.toCharArray(), chain);
            javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, STORE_PASSWORD.toCharArray());
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the sandbox server certificate", e);
        }
    }

    /**
     * A PKCS#12 trust store with the JDK's CAs plus the sandbox CA, written to {@code file} (password
     * {@code changeit}): for {@code javax.net.ssl.trustStore} in a JVM that talks to sandbox HTTPS
     * endpoints and to real ones.
     */
    public Path trustStore(Path file) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            Path jdk = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            if (Files.exists(jdk)) {
                try (InputStream in = Files.newInputStream(jdk)) {
                    KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
                    cacerts.load(in, "changeit".toCharArray());
                    for (String alias : java.util.Collections.list(cacerts.aliases())) {
                        if (cacerts.isCertificateEntry(alias)) {
                            store.setCertificateEntry(alias, cacerts.getCertificate(alias));
                        }
                    }
                }
            }
            try (InputStream in = Files.newInputStream(caCert)) {
                store.setCertificateEntry("spark-federated-sandbox-ca",
                        java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            try (var out = Files.newOutputStream(file)) {
                store.store(out, "changeit".toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the sandbox trust store", e);
        }
    }

    private static PrivateKey privateKey(Path keystore, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STORE_PASSWORD.toCharArray());
            return (PrivateKey) store.getKey(alias, STORE_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key of " + alias, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", STORE_PASSWORD, "-noprompt"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
