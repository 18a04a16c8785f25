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

/**
 * A Redshift-compatible endpoint for tests: a TCP proxy on 127.0.0.1 in front of a sandbox
 * PostgreSQL that lets the real Redshift JDBC driver connect. The driver always sends startup
 * parameters PostgreSQL does not know ({@code driver_version}, {@code os_version},
 * {@code client_protocol_version}, {@code driver_discovery_version}) and asks for TLS first; the
 * proxy answers "no TLS" (use the driver's {@code ssl=false}) and drops those parameters, then
 * relays bytes unchanged. It is a test double: the server behind it is PostgreSQL, so Redshift's
 * own SQL (UNLOAD, SUPER, system tables such as {@code svv_table_info}), its column-store
 * behaviour and its collation rules are not emulated.
 */
public final class RedshiftEndpoint implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private static final Set<String> REDSHIFT_ONLY_PARAMETERS = Set.of("driver_version", "os_version",
            "client_protocol_version", "driver_discovery_version", "plugin_name", "client_type");

    /** The login the endpoint creates: the Redshift driver signs in with MD5 (it does not speak SCRAM). */
    public static final String USER = "redshift_user";

    private final ServerSocket server;
    private final int targetPort;
    private final String password;
    private volatile boolean closed;

    private RedshiftEndpoint(ServerSocket server, int targetPort, String password) {
        this.server = server;
        this.targetPort = targetPort;
        this.password = password;
    }

    /**
     * Starts a proxy to the PostgreSQL server (its databases), with a login {@link #USER} that may
     * read every table ({@code pg_read_all_data}).
     */
    public static RedshiftEndpoint start(PostgresServer postgres) {
        try {
            String password = "rs-" + Long.toHexString(new java.security.SecureRandom().nextLong());
            postgres.createMd5Login(USER, password);
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            RedshiftEndpoint endpoint = new RedshiftEndpoint(server, postgres.port(), password);
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
                startup = withoutRedshiftParameters(body);
                break;
            }
            OutputStream toServer = upstream.getOutputStream();
            toServer.write(ByteBuffer.allocate(4).putInt(startup.length + 4).array());
            toServer.write(startup);
            toServer.flush();
            Thread back = new Thread(() -> pipe(upstream, client), "sandbox-redshift-back");
            back.setDaemon(true);
            back.start();
            pipe(in, toServer);
            upstream.shutdownOutput(); // the client is gone: let PostgreSQL end the session
            back.join();
        } catch (IOException | InterruptedException e) {
            // a client or the server went away: the connection is over
        }
    }

    /** The startup message (protocol version, then name/value pairs) without the Redshift-only parameters. */
    static byte[] withoutRedshiftParameters(byte[] body) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        int protocol = buffer.getInt();
        List<String> parts = new ArrayList<>();
        int start = 4;
        for (int i = 4; i < body.length; i++) {
            if (body[i] == 0) {
                parts.add(new String(body, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
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

    private static void pipe(Socket from, Socket to) {
        try {
            pipe(from.getInputStream(), to.getOutputStream());
        } catch (IOException e) {
            // closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static void pipe(InputStream from, OutputStream to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // closed
        }
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
