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
 * turn, as a reader endpoint (DNS round robin, a load balancer) spreads sessions over replicas.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<InetSocketAddress> backends;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

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
                start(() -> pipe(client, upstream));
                start(() -> pipe(upstream, client));
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

    static void pipe(InputStream from, OutputStream to) {
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
