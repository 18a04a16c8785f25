package io.sparkfederated.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port that sends each new connection to the next of its backends in
 * turn, as a reader endpoint (DNS round robin, a load balancer) spreads sessions over replicas. For
 * fault tests it also cuts connections ({@link #cutNewest()}, {@link #cutAll()}: both sides see the
 * connection closed) and {@link #freeze()}s: bytes stop flowing, on open and new connections alike,
 * and nothing is closed, as with a hung server or a firewall that silently drops a flow.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<InetSocketAddress> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final java.util.Deque<Socket[]> links = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private volatile boolean closed;
    private volatile boolean frozen;

    private TcpProxy(ServerSocket server, List<InetSocketAddress> backends) {
        this.server = server;
        this.backends = List.copyOf(backends);
    }

    /** Starts a proxy over the given loopback ports. */
    public static TcpProxy roundRobin(int... ports) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TcpProxy proxy = new TcpProxy(server, java.util.Arrays.stream(ports)
                    .mapToObj(p -> new InetSocketAddress(InetAddress.getLoopbackAddress(), p)).toList());
            Thread accept = new Thread(proxy::acceptLoop, "sandbox-tcp-proxy");
            accept.setDaemon(true);
            accept.start();
            return proxy;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not start the sandbox TCP proxy", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                InetSocketAddress backend = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
                Socket upstream = new Socket();
                try {
                    upstream.connect(backend, 10_000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                links.add(new Socket[] {client, upstream});
                start(() -> pipe(client, upstream, this::holdWhileFrozen));
                start(() -> pipe(upstream, client, this::holdWhileFrozen));
            } catch (IOException e) {
                // closed, or one connection failed: go on while open
            }
        }
    }

    private static void start(Runnable task) {
        Thread t = new Thread(task, "sandbox-tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Copies bytes from one socket to the other until either closes, then half-closes the other. */
    static void pipe(Socket from, Socket to) {
        pipe(from, to, () -> { });
    }

    private static void pipe(Socket from, Socket to, Runnable beforeWrite) {
        try {
            pipe(from.getInputStream(), to.getOutputStream(), beforeWrite);
        } catch (IOException e) {
            // closed
        } finally {
            try {
                to.shutdownOutput();
                if (from.isOutputShutdown()) { // the other direction has ended too
                    cut(new Socket[] {from, to});
                }
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    static void pipe(InputStream from, OutputStream to) {
        pipe(from, to, () -> { });
    }

    private static void pipe(InputStream from, OutputStream to, Runnable beforeWrite) {
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                beforeWrite.run();
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Closes the connection accepted last (both its sides), as a network cut of that one flow. */
    public void cutNewest() {
        for (Socket[] link; (link = links.pollLast()) != null; ) {
            if (!link[0].isClosed()) {
                cut(link);
                return;
            }
        }
    }

    /** Closes every open connection (both sides); new connections still go through. */
    public void cutAll() {
        for (Socket[] link; (link = links.pollFirst()) != null; ) {
            cut(link);
        }
    }

    /** Stops forwarding bytes on every connection, open or new, without closing any. */
    public void freeze() {
        frozen = true;
    }

    /** Forwards bytes again after {@link #freeze()}. */
    public void thaw() {
        frozen = false;
    }

    private void holdWhileFrozen() {
        while (frozen && !closed) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void cut(Socket[] link) {
        for (Socket s : link) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        closed = true;
        cutAll();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
