package io.sparkfederated.connector.jdbc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.CommonOptions;

/**
 * How many connections this JVM may hold on one database server ({@code host:port}), shared by every
 * query, scan, split, snapshot and metadata lookup in the JVM. A request that finds the budget spent
 * waits in line (first come, first served) for at most its timeout, then fails saying what to raise.
 *
 * <p><b>No self-deadlock.</b> A query's <em>holder</em> (the connection that keeps its snapshot or
 * table lock open until its splits have started) is admitted with two permits at once: its own, and
 * one kept for its group (the Spark SQL execution it belongs to). A request of the same group
 * (the query's splits, run as tasks in this JVM, and its planning lookups) takes a kept permit when
 * one is free, ahead of the line; otherwise it queues like any other. So when holders hold every
 * permit, each of them can still open one connection at a time for its splits, they finish, and the
 * holder closes. A holder that closes while its kept permit is lent gives that permit back to the
 * budget when the borrower closes. The budget is per JVM: in a cluster the driver keeps the holders'
 * spare permits, and executors in other JVMs queue in their own budgets; the server's own refusals
 * are retried by the caller until the same wait runs out, so nothing waits forever.
 *
 * <p>Each request carries its own limit (its external schema's or read's {@code max_server_connections}):
 * it is admitted while this JVM holds fewer permits on the server than that.
 */
public final class ConnectionBudget {

    private static final Map<String, ConnectionBudget> BUDGETS = new ConcurrentHashMap<>();

    private final String server;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Who waits, first come first served (by identity: two equal requests are two places in line). */
    private final Deque<Object> line = new ArrayDeque<>();
    private final Map<String, Group> groups = new HashMap<>();
    /** Permits taken from the budget: plain ones, holders' own, and those kept for groups. */
    private int held;
    /** Connections open under a permit (kept permits not lent are not connections). */
    private int open;

    ConnectionBudget(String server) {
        this.server = server;
    }

    /** This JVM's budget for a server, e.g. {@code db.example.com:5432}. */
    public static ConnectionBudget of(String server) {
        return BUDGETS.computeIfAbsent(server, ConnectionBudget::new);
    }

    /**
     * What one connection asks for.
     *
     * @param where       names the external schema in messages (no secret)
     * @param limit       the most permits this JVM may hold on the server when this request is admitted
     * @param timeoutNanos the longest wait in line (0: fail at once when none is free)
     * @param group       the SQL execution the connection works for, or null
     * @param holder      whether this is a query's holder, which keeps a second permit for its group
     */
    public record Request(String where, int limit, long timeoutNanos, String group, boolean holder) {
    }

    /** Waits in line for a permit; the returned permit must be released once the connection closes. */
    public Permit acquire(Request request) {
        boolean holder = request.holder() && request.group() != null;
        if (holder && request.limit() < 2) {
            throw new FederatedException(request.where() + ": " + CommonOptions.MAX_SERVER_CONNECTIONS.name() + "="
                    + request.limit() + " leaves no connection for the splits of a query, which keeps one open for its"
                    + " snapshot or table lock; set it to at least 2");
        }
        long deadline = System.nanoTime() + request.timeoutNanos();
        Object place = new Object();
        lock.lock();
        try {
            line.addLast(place);
            try {
                while (true) {
                    Permit permit = tryAdmit(request, place, holder);
                    if (permit != null) {
                        return permit;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw exhausted(request);
                    }
                    changed.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FederatedException(request.where() + ": interrupted while waiting for a connection to " + server, e);
            } finally {
                line.remove(place);
                changed.signalAll(); // the head of the line may have changed
            }
        } finally {
            lock.unlock();
        }
    }

    private Permit tryAdmit(Request request, Object place, boolean holder) {
        Group group = request.group() == null ? null : groups.get(request.group());
        if (!request.holder() && group != null && group.free > 0) {
            group.free--;
            open++;
            return new Permit(request.group(), Permit.Kind.BORROWED);
        }
        // a group keeps one permit, however many holders it opens (a second table lock of the same query)
        boolean keeps = holder && (group == null || group.holders == 0);
        int need = keeps ? 2 : 1;
        if (line.peekFirst() != place || held + need > request.limit()) {
            return null;
        }
        held += need;
        open++;
        if (!keeps) {
            return new Permit(null, Permit.Kind.PLAIN);
        }
        Group g = groups.computeIfAbsent(request.group(), k -> new Group());
        g.holders++;
        g.kept++;
        g.free++;
        return new Permit(request.group(), Permit.Kind.HOLDER);
    }

    private FederatedException exhausted(Request request) {
        int kept = groups.values().stream().mapToInt(g -> g.free).sum();
        return new FederatedException(request.where() + ": waited " + seconds(request.timeoutNanos()) + " s ("
                + CommonOptions.CONNECTION_WAIT_TIMEOUT.name() + ") for a connection to " + server + ": this JVM has "
                + open + " open there" + (kept > 0 ? " and keeps " + kept + " more for the splits of running queries" : "")
                + ", " + CommonOptions.MAX_SERVER_CONNECTIONS.name() + " is " + request.limit() + ", and "
                + (line.size() - 1) + " other requests are waiting. Raise " + CommonOptions.MAX_SERVER_CONNECTIONS.name()
                + " (the server's max_connections ÷ (executors + driver), less some headroom), raise "
                + CommonOptions.CONNECTION_WAIT_TIMEOUT.name() + ", or run fewer queries at once");
    }

    private static String seconds(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }

    private void release(Permit permit) {
        lock.lock();
        try {
            open--;
            Group group = permit.group == null ? null : groups.get(permit.group);
            switch (permit.kind) {
                case PLAIN -> held--;
                case BORROWED -> {
                    if (group.kept > group.holders) { // its holder closed meanwhile: the permit goes back
                        group.kept--;
                        held--;
                    } else {
                        group.free++;
                    }
                }
                case HOLDER -> {
                    held--;
                    group.holders--;
                    if (group.free > 0 && group.kept > group.holders) {
                        group.free--;
                        group.kept--;
                        held--;
                    }
                }
            }
            if (group != null && group.holders == 0 && group.kept == 0) {
                groups.remove(permit.group);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Permits this JVM holds on the server (open connections and those kept for groups). */
    public int held() {
        return read(() -> held);
    }

    /** Connections open under a permit. */
    public int open() {
        return read(() -> open);
    }

    /** Requests waiting in line. */
    public int waiting() {
        return read(line::size);
    }

    private int read(java.util.function.IntSupplier value) {
        lock.lock();
        try {
            return value.getAsInt();
        } finally {
            lock.unlock();
        }
    }

    /** "host:port", as messages name it. */
    public String server() {
        return server;
    }

    /** The permits one group's holders keep for it. */
    private static final class Group {
        int holders;
        /** Kept permits, free or lent. */
        int kept;
        int free;
    }

    /** One connection's admission; {@link #release()} gives it back, once, however often it is called. */
    public final class Permit {

        enum Kind { PLAIN, HOLDER, BORROWED }

        private final String group;
        private final Kind kind;
        private boolean released;

        private Permit(String group, Kind kind) {
            this.group = group;
            this.kind = kind;
        }

        public void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            ConnectionBudget.this.release(this);
        }

        /** Whether this permit was one a holder of its group kept (for tests). */
        boolean borrowed() {
            return kind == Kind.BORROWED;
        }
    }
}
