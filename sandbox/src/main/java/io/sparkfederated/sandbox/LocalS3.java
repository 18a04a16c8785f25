package io.sparkfederated.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An S3-compatible server on 127.0.0.1: s3proxy (published on Maven Central) over a directory,
 * started in a child JVM because it needs newer Jetty and Jackson than Spark ships. Requests are
 * not authenticated (any access key is accepted). The server and its files go away at JVM exit.
 */
public final class LocalS3 implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path directory;

    private LocalS3(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    public static LocalS3 start() {
        try {
            Path jar = s3proxyJar();
            Path directory = Files.createTempDirectory("sandbox-s3-");
            int port;
            try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path properties = directory.resolve("s3proxy.properties");
            Path data = Files.createDirectories(directory.resolve("data"));
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=none",
                    "s3proxy.ignore-unknown-headers=true",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
            Path log = directory.resolve("s3proxy.log");
            Process process = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-jar", jar.toString(), "--properties", properties.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LocalS3 s3 = new LocalS3(process, port, directory);
            Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "sandbox-s3-stop"));
            s3.awaitListening(log);
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox S3 server", e);
        }
    }

    /** The s3proxy jar in the local Maven repository (the sandbox build fetches it there). */
    static Path s3proxyJar() throws IOException {
        String configured = System.getProperty("sandbox.s3proxy.jar");
        if (configured != null) {
            return Path.of(configured);
        }
        Properties coordinates = new Properties();
        try (InputStream in = LocalS3.class.getResourceAsStream("s3proxy.properties")) {
            coordinates.load(in);
        }
        String repository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        String artifact = coordinates.getProperty("artifactId");
        String version = coordinates.getProperty("version");
        Path jar = Path.of(repository, coordinates.getProperty("groupId").replace('.', '/'), artifact, version,
                artifact + "-" + version + "-" + coordinates.getProperty("classifier") + ".jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("s3proxy not found at " + jar + ": build the sandbox module first"
                    + " (mvn -pl sandbox package fetches it), or set -Dsandbox.s3proxy.jar=<path>");
        }
        return jar;
    }

    private void awaitListening(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("s3proxy did not listen on port " + port + " within 60 s: " + Files.readString(log));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Creates a bucket (path-style PUT, as any S3 client would). */
    public void createBucket(String bucket) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 && !response.body().contains("BucketAlreadyOwnedByYou")) {
                throw new IllegalStateException("creating bucket " + bucket + ": HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether a bucket exists. */
    public boolean bucketExists(String bucket) {
        return Files.isDirectory(directory.resolve("data").resolve(bucket));
    }

    /** Writes one object (path-style PUT, as any S3 client would). */
    public void putObject(String bucket, String key, byte[] content) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket + "/" + key))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("writing s3://" + bucket + "/" + key + ": HTTP " + response.statusCode()
                        + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Object keys under a bucket (for tests that check what was written or cleaned up). */
    public List<String> keys(String bucket) {
        Path root = directory.resolve("data").resolve(bucket);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Hadoop S3A settings for this server (without the {@code spark.hadoop.} prefix): endpoint,
     * path-style access, no TLS, static keys, and buffers under the sandbox directory.
     */
    public Map<String, String> s3aSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fs.s3a.endpoint", endpoint());
        settings.put("fs.s3a.endpoint.region", "us-east-1");
        settings.put("fs.s3a.path.style.access", "true");
        settings.put("fs.s3a.connection.ssl.enabled", "false");
        settings.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        settings.put("fs.s3a.access.key", "sandbox");
        settings.put("fs.s3a.secret.key", "sandbox-secret");
        settings.put("fs.s3a.buffer.dir", directory.resolve("buffer").toString());
        settings.put("fs.s3a.change.detection.mode", "none");
        return settings;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
