package io.sparkfederated.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * A Redshift-compatible endpoint for tests: a TCP proxy on 127.0.0.1 in front of a sandbox
 * PostgreSQL that lets the real Redshift JDBC driver connect. The driver always sends startup
 * parameters PostgreSQL does not know ({@code driver_version}, {@code os_version},
 * {@code client_protocol_version}, {@code driver_discovery_version}) and asks for TLS first; the
 * proxy answers "no TLS" (use the driver's {@code ssl=false}) and drops those parameters, then
 * relays the session. It is a test double: the server behind it is PostgreSQL, so most of Redshift's
 * own SQL (SUPER, system tables such as {@code svv_table_info}), its column-store behaviour and its
 * collation rules are not emulated. One exception: when started with a {@link LocalS3},
 * {@code UNLOAD (…) TO 's3://…' … FORMAT PARQUET MANIFEST} is carried out ({@link RedshiftUnload}) and
 * {@code pg_last_unload_count()} then reports the rows it wrote, so a client's UNLOAD path runs end
 * to end.
 */
public final class RedshiftEndpoint implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;
    private static final Set<String> REDSHIFT_ONLY_PARAMETERS = Set.of("driver_version", "os_version",
            "client_protocol_version", "driver_discovery_version", "plugin_name", "client_type");

    /** The login the endpoint creates: the Redshift driver signs in with MD5 (it does not speak SCRAM). */
    public static final String USER = "redshift_user";

    private static final java.util.regex.Pattern LAST_UNLOAD_COUNT =
            java.util.regex.Pattern.compile("(?i)pg_last_unload_count\\s*\\(\\s*\\)");

    /** Ways to break the next UNLOAD on purpose (tests of a client's checks). */
    public enum UnloadFault {
        /** the manifest lists a file that never reached S3 */
        LOSE_A_FILE,
        /** one written file is left out of the manifest and its totals */
        SHORT_MANIFEST,
        /** no manifest is written at all */
        NO_MANIFEST
    }

    private final ServerSocket server;
    private final int targetPort;
    private final String password;
    private final LocalS3 s3;
    private final List<String> unloads = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Inner queries of UNLOADs running now; any client's cancel request cancels them (a test double's shortcut). */
    private final Set<java.sql.Statement> runningUnloads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private UnloadFault fault;
    private int faultsLeft;
    private volatile int slices = 2;
    private volatile boolean closed;

    private RedshiftEndpoint(ServerSocket server, int targetPort, String password, LocalS3 s3) {
        this.server = server;
        this.targetPort = targetPort;
        this.password = password;
        this.s3 = s3;
    }

    /**
     * Starts a proxy to the PostgreSQL server (its databases), with a login {@link #USER} that may
     * read every table ({@code pg_read_all_data}).
     */
    public static RedshiftEndpoint start(PostgresServer postgres) {
        return start(postgres, null);
    }

    /**
     * Starts a proxy to the PostgreSQL server whose UNLOAD writes to this S3 server (the buckets
     * named in UNLOAD must exist there).
     */
    public static RedshiftEndpoint start(PostgresServer postgres, LocalS3 s3) {
        try {
            String password = "rs-" + Long.toHexString(new java.security.SecureRandom().nextLong());
            postgres.createMd5Login(USER, password);
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            RedshiftEndpoint endpoint = new RedshiftEndpoint(server, postgres.port(), password, s3);
            Thread acceptor = new Thread(endpoint::acceptLoop, "sandbox-redshift-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return endpoint;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start the sandbox Redshift endpoint", e);
        }
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A Redshift JDBC URL for a database behind this endpoint (TLS off: the proxy speaks plain text). */
    public String jdbcUrl(String database) {
        return "jdbc:redshift://" + host() + ":" + port() + "/" + database + "?ssl=false";
    }

    /**
     * Gives a database of the PostgreSQL behind the endpoint stand-ins for Redshift types the
     * connector treats specially: domains {@code super} (over text holding JSON), {@code varbyte} (over bytea)
     * and {@code geometry} (over text, holding EWKT), with {@code st_asewkt(geometry)};
     * {@code json_serialize} is PostgreSQL's own (17+). Only their names and text forms are Redshift's.
     */
    public static void addRedshiftTypes(PostgresServer postgres, String database) {
        postgres.execute(database,
                "CREATE DOMAIN super AS text", // holds JSON; json_serialize(text) is PostgreSQL's own (17 and later)
                "CREATE DOMAIN varbyte AS bytea",
                "CREATE DOMAIN geometry AS text",
                "CREATE FUNCTION st_asewkt(geometry) RETURNS varchar LANGUAGE sql IMMUTABLE AS 'SELECT $1::text'");
    }

    /** The UNLOAD statements this endpoint carried out or refused, in order (as the client sent them). */
    public List<String> unloads() {
        return List.copyOf(unloads);
    }

    /** Breaks the next {@code times} UNLOADs in this way. */
    public synchronized void breakUnloads(UnloadFault fault, int times) {
        this.fault = fault;
        this.faultsLeft = times;
    }

    private synchronized UnloadFault takeFault() {
        if (faultsLeft <= 0) {
            return null;
        }
        faultsLeft--;
        return fault;
    }

    /** How many files ("slices") an UNLOAD spreads its rows over; 2 unless set. */
    public void unloadSlices(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("slices must be at least 1");
        }
        slices = count;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "sandbox-redshift-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("sandbox Redshift endpoint: " + e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            byte[] startup;
            while (true) {
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                int code = ByteBuffer.wrap(body).getInt();
                if (code == SSL_REQUEST || code == GSS_REQUEST) {
                    toClient.write('N'); // no TLS here; the client goes on in plain text
                    toClient.flush();
                    continue;
                }
                if (code == CANCEL_REQUEST) {
                    cancelRunningUnloads();
                }
                startup = code == CANCEL_REQUEST ? body : withoutRedshiftParameters(body);
                break;
            }
            String database = startupParameter(startup, "database");
            Session session = new Session(database != null ? database : startupParameter(startup, "user"));
            OutputStream toServer = upstream.getOutputStream();
            toServer.write(ByteBuffer.allocate(4).putInt(startup.length + 4).array());
            toServer.write(startup);
            toServer.flush();
            Thread back = new Thread(() -> TcpProxy.pipe(upstream, client), "sandbox-redshift-back");
            back.setDaemon(true);
            back.start();
            relayClient(in, new java.io.BufferedOutputStream(toServer, 64 * 1024), session);
            upstream.shutdownOutput(); // the client is gone: let PostgreSQL end the session
            back.join();
        } catch (IOException | InterruptedException e) {
            // a client or the server went away: the connection is over
        }
    }

    /** What the endpoint remembers of one client session. */
    private static final class Session {
        final String database;
        long lastUnloadCount;

        Session(String database) {
            this.database = database;
        }
    }

    /**
     * Relays the client's messages (type byte, length, body) to PostgreSQL, rewriting the SQL of
     * Parse and Query messages: an UNLOAD is carried out here and replaced by an empty statement (or
     * by one that raises the UNLOAD's error), and {@code pg_last_unload_count()} by its value.
     */
    private void relayClient(DataInputStream in, OutputStream toServer, Session session) {
        try {
            while (true) {
                int type = in.read();
                if (type < 0) {
                    break;
                }
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                if (type == 'P') {
                    int nameEnd = indexOfZero(body, 0);
                    int queryEnd = indexOfZero(body, nameEnd + 1);
                    String sql = new String(body, nameEnd + 1, queryEnd - nameEnd - 1, StandardCharsets.UTF_8);
                    String rewritten = rewrite(sql, session);
                    if (!rewritten.equals(sql)) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        out.write(body, 0, nameEnd + 1);
                        out.writeBytes(rewritten.getBytes(StandardCharsets.UTF_8));
                        out.write(body, queryEnd, body.length - queryEnd);
                        body = out.toByteArray();
                    }
                } else if (type == 'Q') {
                    String sql = new String(body, 0, indexOfZero(body, 0), StandardCharsets.UTF_8);
                    String rewritten = rewrite(sql, session);
                    if (!rewritten.equals(sql)) {
                        body = (rewritten + "\0").getBytes(StandardCharsets.UTF_8);
                    }
                }
                toServer.write(type);
                toServer.write(ByteBuffer.allocate(4).putInt(body.length + 4).array());
                toServer.write(body);
                if (in.available() == 0) {
                    toServer.flush();
                }
            }
            toServer.flush();
        } catch (IOException e) {
            // closed
        }
    }

    private static int indexOfZero(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        return body.length;
    }

    private String rewrite(String sql, Session session) {
        if (RedshiftUnload.isUnload(sql)) {
            unloads.add(sql);
            UnloadFault fault = takeFault();
            try {
                if (s3 == null) {
                    throw new IllegalStateException("this sandbox Redshift endpoint was started without an S3 server:"
                            + " use RedshiftEndpoint.start(postgres, s3)");
                }
                RedshiftUnload.Request request = RedshiftUnload.parse(sql);
                java.util.Properties login = new java.util.Properties();
                login.setProperty("user", USER);
                login.setProperty("password", password);
                try (java.sql.Connection postgres = new org.postgresql.Driver().connect(
                        "jdbc:postgresql://127.0.0.1:" + targetPort + "/" + session.database, login)) {
                    session.lastUnloadCount = RedshiftUnload.run(request, postgres, s3, slices,
                            fault == null ? null : RedshiftUnload.Fault.valueOf(fault.name()), runningUnloads);
                }
                return "DO $sandbox$ BEGIN END $sandbox$";
            } catch (Exception e) {
                String message = ("UNLOAD failed: " + e.getMessage()).replace("'", "''").replace("$sandbox$", "");
                return "DO $sandbox$ BEGIN RAISE EXCEPTION USING MESSAGE = '" + message + "'; END $sandbox$";
            }
        }
        Matcher count = LAST_UNLOAD_COUNT.matcher(sql);
        return count.find() ? count.replaceAll("(" + session.lastUnloadCount + ")::bigint") : sql;
    }

    private void cancelRunningUnloads() {
        for (java.sql.Statement statement : runningUnloads) {
            try {
                statement.cancel();
            } catch (java.sql.SQLException e) {
                // it finished meanwhile
            }
        }
    }

    /** A startup parameter's value, or null. */
    static String startupParameter(byte[] startup, String name) {
        List<String> parts = startupParts(startup);
        for (int i = 0; i + 1 < parts.size(); i += 2) {
            if (parts.get(i).equals(name)) {
                return parts.get(i + 1);
            }
        }
        return null;
    }

    /** The NUL-terminated strings after a startup message's protocol version: name, value, name, value, …. */
    private static List<String> startupParts(byte[] body) {
        List<String> parts = new ArrayList<>();
        int start = 4;
        for (int i = 4; i < body.length; i++) {
            if (body[i] == 0) {
                parts.add(new String(body, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return parts;
    }

    /** The startup message (protocol version, then name/value pairs) without the Redshift-only parameters. */
    static byte[] withoutRedshiftParameters(byte[] body) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        int protocol = buffer.getInt();
        List<String> parts = startupParts(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(protocol).array());
        for (int i = 0; i + 1 < parts.size(); i += 2) {
            String name = parts.get(i);
            if (name.isEmpty()) {
                break;
            }
            if (!REDSHIFT_ONLY_PARAMETERS.contains(name)) {
                out.writeBytes((name + "\0" + parts.get(i + 1) + "\0").getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
