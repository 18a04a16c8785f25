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
import java.util.List;
import java.util.Properties;

/**
 * A real PostgreSQL server for tests, examples and benchmarks, with no Docker and no system install.
 *
 * <p>{@link #start(int)} runs a throwaway cluster from the PostgreSQL binaries published on Maven
 * Central on a free port of 127.0.0.1, in its own temporary directory, with password
 * (SCRAM) authentication; it is stopped and deleted by {@link #close()} or at JVM exit. As root the
 * server runs as {@code nobody}, since PostgreSQL refuses to run as root.
 *
 * <p>{@link #shared()} is the one server a test JVM uses; the environment variable
 * {@value #EXTERNAL_URL_ENV} (a JDBC URL with {@code user} and {@code password}) points it at an
 * existing server instead.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String EXTERNAL_URL_ENV = "FEDERATED_TEST_PG_URL";
    public static final int NEWEST_MAJOR = 18;
    private static final String SUPERUSER = "postgres";

    private static PostgresServer shared;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Path baseDir;   // null for an external server
    private final Path binDir;    // null for an external server
    private final List<String> settings; // server settings on top of the sandbox's, kept across restarts
    private volatile boolean closed;

    private PostgresServer(String host, int port, String user, String password, Path baseDir, Path binDir,
                           List<String> settings) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.baseDir = baseDir;
        this.binDir = binDir;
        this.settings = List.copyOf(settings);
    }

    /** The server this JVM's tests share: {@value #EXTERNAL_URL_ENV} if set, else a sandbox PostgreSQL 18. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            String url = System.getenv(EXTERNAL_URL_ENV);
            shared = url == null || url.isBlank() ? start(NEWEST_MAJOR) : external(url);
        }
        return shared;
    }

    /** Starts the newest bundled PostgreSQL. */
    public static PostgresServer start() {
        return start(NEWEST_MAJOR);
    }

    /** Starts a throwaway PostgreSQL of the given major version (one of 18, 15, 12, 11). */
    public static PostgresServer start(int major) {
        return start(major, List.of());
    }

    /**
     * Starts a throwaway PostgreSQL of the given major version with server settings on top of the
     * sandbox's ({@code "max_connections=30"}, as {@code postgres -c} takes them).
     */
    public static PostgresServer start(int major, List<String> settings) {
        Path bin = PostgresBinaries.install(major).resolve("bin");
        Path base = null;
        try {
            base = Files.createTempDirectory("spark-federated-pg" + major + "-");
            PostgresBinaries.makeTraversable(base);
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            Path passwordFile = base.resolve("pwfile");
            Files.writeString(passwordFile, password + "\n");
            Processes.handToServerUser(base);
            Path data = base.resolve("data");
            Processes.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                    "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C"), 120);
            Files.deleteIfExists(passwordFile);
            PostgresServer server = startOnFreePort(bin, base, data, password, settings);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sandbox-postgres-stop"));
            return server;
        } catch (IOException e) {
            FileTrees.deleteQuietly(base);
            throw new UncheckedIOException("could not start sandbox PostgreSQL " + major, e);
        } catch (RuntimeException e) {
            FileTrees.deleteQuietly(base);
            throw e;
        }
    }

    private static PostgresServer startOnFreePort(Path bin, Path base, Path data, String password, List<String> settings)
            throws IOException {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                pgCtlStart(bin, base, data, port, settings);
                return new PostgresServer("127.0.0.1", port, SUPERUSER, password, base, bin, settings);
            } catch (IllegalStateException e) {
                last = e; // most likely the port was taken between probing and binding: try another
            }
        }
        throw last;
    }

    private static void pgCtlStart(Path bin, Path base, Path data, int port, List<String> settings) {
        String serverOptions = String.join(" ",
                "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", base.toString(),
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200", "-c", "shared_buffers=128MB")
                + settings.stream().map(s -> " -c " + s).collect(java.util.stream.Collectors.joining()); // the last -c wins
        Processes.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                "-l", base.resolve("server.log").toString(), "-w", "-t", "60", "-o", serverOptions, "start"), 90);
    }

    /**
     * Hot standbys of this server, each streaming its changes from it, made as a standby is made from a
     * cold copy: the server stops, its data directory is copied with {@code standby.signal} and
     * {@code primary_conninfo}, and all start ({@code hot_standby_feedback} keeps replay going under long
     * reads). Only for servers this sandbox started; close the standbys before the server.
     */
    public synchronized List<PostgresServer> startStandbys(int count) {
        if (baseDir == null) {
            throw new IllegalStateException("standbys can only be made of a sandbox-started server");
        }
        Path data = baseDir.resolve("data");
        List<PostgresServer> standbys = new ArrayList<>();
        try {
            execute("postgres", "ALTER SYSTEM SET hot_standby_feedback = on", "ALTER SYSTEM SET wal_keep_size = '256MB'");
            Processes.run(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), 60);
            List<Path> copies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Path base = Files.createTempDirectory("spark-federated-standby-");
                PostgresBinaries.makeTraversable(base);
                Processes.handToServerUser(base);
                Path copy = base.resolve("data");
                Processes.run(List.of("cp", "-a", data.toString(), copy.toString()), 120);
                Files.writeString(copy.resolve("standby.signal"), "");
                Files.writeString(copy.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=127.0.0.1 port=" + port
                        + " user=" + user + " password=" + password + " application_name=standby" + i + "'\n",
                        java.nio.file.StandardOpenOption.APPEND);
                Processes.handToServerUser(base);
                copies.add(base);
            }
            pgCtlStart(binDir, baseDir, data, port, settings);
            for (Path base : copies) {
                PostgresServer standby = startOnFreePort(binDir, base, base.resolve("data"), password, settings);
                Runtime.getRuntime().addShutdownHook(new Thread(standby::close, "sandbox-postgres-standby-stop"));
                standbys.add(standby);
            }
            return standbys;
        } catch (IOException | RuntimeException e) {
            standbys.forEach(PostgresServer::close);
            throw new IllegalStateException("could not start sandbox standbys: " + e.getMessage(), e);
        }
    }

    /** Waits until every standby has replayed what this server has written so far. */
    public void awaitReplay(List<PostgresServer> standbys) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            String lsn = rs.getString(1);
            for (PostgresServer standby : standbys) {
                long deadline = System.currentTimeMillis() + 60_000;
                try (Connection sc = standby.connect("postgres"); Statement ss = sc.createStatement()) {
                    while (true) {
                        try (java.sql.ResultSet r = ss.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")) {
                            r.next();
                            if (r.getBoolean(1)) {
                                break;
                            }
                        }
                        if (System.currentTimeMillis() > deadline) {
                            throw new IllegalStateException(standby + " did not replay up to " + lsn + " within 60 s");
                        }
                        Thread.sleep(20);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check replay: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for replay", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Uses an existing server, given as {@code jdbc:postgresql://host:port/db?user=…&password=…}. */
    public static PostgresServer external(String jdbcUrl) {
        Properties parsed = org.postgresql.Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException(EXTERNAL_URL_ENV + " is not a PostgreSQL JDBC URL"
                    + " (expected jdbc:postgresql://host:port/db?user=…&password=…)");
        }
        String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        return new PostgresServer(host, port, parsed.getProperty("user", SUPERUSER),
                parsed.getProperty("password", ""), null, null, List.of());
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A superuser (or, for an external server, the user given in its URL). */
    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /**
     * The options of a spark-federated external schema on one database of this server (engine, uri,
     * port, database, user, password), as a catalog or {@code format("federated")} takes them.
     */
    public java.util.Map<String, String> externalSchemaOptions(String database) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("engine", "postgres");
        options.put("uri", host);
        options.put("port", Integer.toString(port));
        options.put("database", database);
        options.put("user", user);
        options.put("password", password);
        return options;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** The server's major version, e.g. 18. */
    public int majorVersion() {
        try (Connection c = connect("postgres")) {
            return c.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the server version", e);
        }
    }

    /** Creates an empty database, dropping any earlier one of that name. */
    public void recreateDatabase(String name) {
        String quoted = '"' + name.replace("\"", "\"\"") + '"';
        String force = majorVersion() >= 13 ? " WITH (FORCE)" : "";
        execute("postgres", "DROP DATABASE IF EXISTS " + quoted + force, "CREATE DATABASE " + quoted);
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

    /**
     * Turns on TLS (a fresh CA and a certificate for 127.0.0.1 / localhost) and, for the given
     * roles, refuses connections without TLS. Returns the certificates; clients trust
     * {@link SandboxTls#caCert()}. Only for servers this sandbox started.
     */
    public synchronized SandboxTls enableTls(String... tlsOnlyRoles) {
        if (baseDir == null) {
            throw new IllegalStateException("TLS can only be enabled on a sandbox-started server");
        }
        try {
            SandboxTls tls = SandboxTls.create(baseDir.resolve("tls"));
            Processes.handToServerUser(baseDir.resolve("tls"));
            Path hba = baseDir.resolve("data").resolve("pg_hba.conf");
            StringBuilder rules = new StringBuilder();
            for (String role : tlsOnlyRoles) {
                rules.append("hostnossl all ").append(role).append(" 0.0.0.0/0 reject\n");
            }
            Files.writeString(hba, rules + Files.readString(hba));
            execute("postgres",
                    "ALTER SYSTEM SET ssl = on",
                    "ALTER SYSTEM SET ssl_cert_file = '" + tls.serverCert() + "'",
                    "ALTER SYSTEM SET ssl_key_file = '" + tls.serverKey() + "'",
                    "SELECT pg_reload_conf()");
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException("could not enable TLS on the sandbox PostgreSQL", e);
        }
    }

    /**
     * Creates (or resets) a login role whose password is stored and checked with MD5, for clients
     * that do not speak SCRAM (the Redshift JDBC driver). Only for servers this sandbox started.
     */
    public synchronized void createMd5Login(String role, String password) {
        if (baseDir == null) {
            throw new IllegalStateException("MD5 logins can only be added to a sandbox-started server");
        }
        try {
            Path hba = baseDir.resolve("data").resolve("pg_hba.conf");
            String rule = "host all " + role + " 127.0.0.1/32 md5\n";
            String current = Files.readString(hba);
            if (!current.startsWith(rule)) {
                Files.writeString(hba, rule + current);
            }
            String quotedRole = '"' + role.replace("\"", "\"\"") + '"';
            String quotedPassword = "'" + password.replace("'", "''") + "'";
            execute("postgres",
                    "SET password_encryption = 'md5'",
                    "DROP ROLE IF EXISTS " + quotedRole,
                    "CREATE ROLE " + quotedRole + " LOGIN PASSWORD " + quotedPassword,
                    "GRANT pg_read_all_data TO " + quotedRole,
                    "SELECT pg_reload_conf()");
        } catch (IOException e) {
            throw new UncheckedIOException("could not add an MD5 login to the sandbox PostgreSQL", e);
        }
    }

    /**
     * Restarts the server on its port, as an operator or a failover does: {@code pg_ctl restart -m
     * fast} ends every session (their clients see the connection closed) and the server is back when
     * this returns. Only for servers this sandbox started.
     */
    public synchronized void restart() {
        if (baseDir == null) {
            throw new IllegalStateException("only a sandbox-started server can be restarted");
        }
        Path data = baseDir.resolve("data");
        Processes.run(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), 60);
        pgCtlStart(binDir, baseDir, data, port, settings);
    }

    /** Stops the server and deletes its files (no-op for an external server). */
    @Override
    public synchronized void close() {
        if (closed || baseDir == null) {
            return;
        }
        closed = true;
        try {
            List<String> stop = new ArrayList<>(List.of(binDir.resolve("pg_ctl").toString(),
                    "-D", baseDir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
            Processes.run(stop, 60);
        } catch (RuntimeException e) {
            System.err.println("sandbox PostgreSQL did not stop cleanly: " + e.getMessage());
        } finally {
            FileTrees.deleteQuietly(baseDir);
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + host + ":" + port + (baseDir == null ? ", external" : "") + "]";
    }
}
