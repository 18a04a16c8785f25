package io.sparkfederated.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real MySQL-compatible server (MariaDB 10.11, from the binaries published on Maven Central) for
 * tests, examples and benchmarks, with no Docker and no system install.
 *
 * <p>{@link #start()} installs a throwaway data directory ({@code mariadb-install-db}) and runs
 * {@code mariadbd} on a free port of 127.0.0.1 with a random root password (set by an init file, so
 * it never appears on a command line); as root the server runs as {@code nobody}. It is stopped and
 * deleted by {@link #close()} or at JVM exit. {@link #shared()} is the one server a test JVM uses.
 */
public final class MariaDbServer implements AutoCloseable {

    public static final String ROOT = "root";
    private static MariaDbServer shared;

    private final int port;
    private final String password;
    private final Path baseDir;
    private final Process process;
    private volatile boolean closed;
    private final SandboxTls tls;

    private MariaDbServer(int port, String password, Path baseDir, Process process, SandboxTls tls) {
        this.tls = tls;
        this.port = port;
        this.password = password;
        this.baseDir = baseDir;
        this.process = process;
    }

    /** The server this JVM's tests share. */
    public static synchronized MariaDbServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** Installs and starts a throwaway server (3–4 s). */
    public static MariaDbServer start() {
        return start(false);
    }

    /**
     * A throwaway server that also accepts TLS, presenting a certificate for 127.0.0.1 / localhost signed
     * by a CA of its own ({@link #tls()}: what a client trusts); plain connections still work.
     */
    public static MariaDbServer startWithTls() {
        return start(true);
    }

    private static MariaDbServer start(boolean withTls) {
        Path binaries = MariaDbBinaries.install();
        Path base = null;
        try {
            base = Files.createTempDirectory("spark-federated-mariadb-");
            PostgresBinaries.makeTraversable(base);
            Path data = base.resolve("data");
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            Path init = base.resolve("init.sql");
            // root may log in over TCP from 127.0.0.1 (skip-name-resolve matches accounts by address)
            Files.writeString(init, String.join("\n",
                    "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '" + password + "';",
                    "ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '" + password + "';",
                    "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;", ""));
            SandboxTls tls = withTls ? SandboxTls.create(base.resolve("tls")) : null;
            Processes.handToServerUser(base);
            Processes.run(List.of("sh", binaries.resolve("scripts/mariadb-install-db").toString(), "--no-defaults",
                    "--basedir=" + binaries, "--datadir=" + data, "--auth-root-authentication-method=normal",
                    "--skip-test-db", "--skip-name-resolve", "--force"), 120);
            MariaDbServer server = startOnFreePort(binaries, base, data, init, password, tls);
            Files.deleteIfExists(init);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sandbox-mariadb-stop"));
            return server;
        } catch (IOException e) {
            FileTrees.deleteQuietly(base);
            throw new UncheckedIOException("could not start the sandbox MariaDB", e);
        } catch (RuntimeException e) {
            FileTrees.deleteQuietly(base);
            throw e;
        }
    }

    private static MariaDbServer startOnFreePort(Path binaries, Path base, Path data, Path init, String password,
                                                 SandboxTls tls) throws IOException {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>();
            if (Processes.runningAsRoot()) {
                command.addAll(List.of("runuser", "-u", Processes.UNPRIVILEGED_USER, "--"));
            }
            command.addAll(List.of(binaries.resolve("bin/mariadbd").toString(), "--no-defaults",
                    "--basedir=" + binaries, "--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1",
                    "--socket=" + base.resolve("s.sock"), "--pid-file=" + base.resolve("mariadbd.pid"),
                    "--skip-name-resolve", "--init-file=" + init,
                    "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
                    "--max-connections=300", "--innodb-buffer-pool-size=256M", "--innodb-log-file-size=256M",
                    "--innodb-flush-log-at-trx-commit=0", "--sync-binlog=0", "--skip-log-bin"));
            if (tls != null) {
                command.addAll(List.of("--ssl-ca=" + tls.caCert(), "--ssl-cert=" + tls.serverCert(), "--ssl-key=" + tls.serverKey()));
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(base.resolve("server.log").toFile()).start();
            MariaDbServer server = new MariaDbServer(port, password, base, process, tls);
            try {
                server.awaitConnections(60);
                return server;
            } catch (IllegalStateException e) {
                process.destroyForcibly();
                last = e; // most likely the port was taken between probing and binding: try another
            }
        }
        throw last;
    }

    private void awaitConnections(int timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        SQLException last = null;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Connection c = connect("mysql")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String log;
        try {
            log = Files.readString(baseDir.resolve("server.log"));
        } catch (IOException e) {
            log = "(no log)";
        }
        throw new IllegalStateException("the sandbox MariaDB did not accept connections on port " + port + ": "
                + (last == null ? "process ended" : last.getMessage()) + "\n" + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The server's TLS certificates (its CA is what a client trusts), or null when it was started without TLS. */
    public SandboxTls tls() {
        return tls;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** A user with every privilege. */
    public String user() {
        return ROOT;
    }

    public String password() {
        return password;
    }

    /** The options of a spark-federated external schema on one database of this server, as root. */
    public Map<String, String> externalSchemaOptions(String database) {
        return externalSchemaOptions(database, ROOT, password);
    }

    /** The options of an external schema on {@code database} logging in as {@code user}. */
    public Map<String, String> externalSchemaOptions(String database, String user, String userPassword) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("engine", "mysql");
        options.put("uri", host());
        options.put("port", Integer.toString(port));
        options.put("database", database);
        options.put("user", user);
        options.put("password", userPassword);
        return options;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + host() + ":" + port + "/" + database;
    }

    /** A root session on {@code database}, with zero dates read as NULL and multi-statement scripts off. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", ROOT);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10000");
        props.setProperty("sslMode", "DISABLED");
        props.setProperty("allowPublicKeyRetrieval", "true");
        props.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Creates an empty database (utf8mb4 unless a charset is given), dropping any earlier one of that name. */
    public void recreateDatabase(String name) {
        String quoted = quote(name);
        execute("mysql", "DROP DATABASE IF EXISTS " + quoted, "CREATE DATABASE " + quoted);
    }

    /** Creates (or resets) a login allowed to read {@code database} only. */
    public void createReader(String user, String userPassword, String database) {
        String account = "'" + user.replace("'", "''") + "'@'127.0.0.1'";
        execute("mysql", "DROP USER IF EXISTS " + account,
                "CREATE USER " + account + " IDENTIFIED BY '" + userPassword.replace("'", "''") + "'",
                "GRANT SELECT, LOCK TABLES, SHOW VIEW ON " + quote(database) + ".* TO " + account);
    }

    /** Runs statements in autocommit mode, in order, against one database. */
    public void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sandbox SQL failed on database " + database + ": " + e.getMessage(), e);
        }
    }

    private static String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** Stops the server and deletes its files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            try (Connection c = connect("mysql"); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                process.destroy();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            FileTrees.deleteQuietly(baseDir);
        }
    }

    @Override
    public String toString() {
        return "MariaDbServer[127.0.0.1:" + port + "]";
    }
}
