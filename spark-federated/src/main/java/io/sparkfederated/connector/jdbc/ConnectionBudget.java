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
 * table lock open until its splits have started) is admitted together with the permits its splits
 * need at once, which it keeps for its group (the Spark SQL execution it belongs to): one for a
 * PostgreSQL snapshot (splits import it one after another if need be), one per split for a MySQL
 * table lock (all its splits must be open together before it unlocks). A request of the same group
 * (the query's splits, run as tasks in this JVM, and its planning lookups) takes a kept permit when
 * one is free, ahead of the line; otherwise it queues like any other. So when holders hold every
 * permit, each can still open what its splits need, they finish, and the holder closes. A holder that
 * closes while its kept permits are lent gives them back to the budget as the borrowers close. The
 * budget is per JVM: in a cluster the driver keeps the holders' permits, and executors in other JVMs
 * queue in their own budgets; the server's own refusals are retried by the caller until the same
 * wait runs out, so nothing waits forever.
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
     * @param keep        0, or for a query's holder how many permits it keeps for its group's splits
     */
    public record Request(String where, int limit, long timeoutNanos, String group, int keep) {
    }

    /** Waits in line for a permit; the returned permit must be released once the connection closes. */
    public Permit acquire(Request request) {
        boolean holder = request.keep() > 0 && request.group() != null;
        if (holder && request.limit() < 1 + request.keep()) {
            throw new FederatedException(request.where() + ": " + CommonOptions.MAX_SERVER_CONNECTIONS.name() + "="
                    + request.limit() + " leaves too few connections for a query that keeps one open for its snapshot or"
                    + " table lock and needs " + request.keep() + " more for its splits at once; set it to at least "
                    + (1 + request.keep()));
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
        if (request.keep() == 0 && group != null && group.free > 0) {
            group.free--;
            open++;
            return new Permit(request.group(), 0);
        }
        int need = holder ? 1 + request.keep() : 1;
        if (line.peekFirst() != place || held + need > request.limit()) {
            return null;
        }
        held += need;
        open++;
        if (!holder) {
            return new Permit(null, 0);
        }
        Group g = groups.computeIfAbsent(request.group(), k -> new Group());
        g.reserved += request.keep();
        g.kept += request.keep();
        g.free += request.keep();
        return new Permit(request.group(), request.keep());
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
            if (group == null) {
                held--;
            } else if (permit.keeps > 0) { // a holder: its own permit, and what it kept and is not lent, go back
                group.reserved -= permit.keeps;
                int back = Math.min(group.free, group.kept - group.reserved);
                group.free -= back;
                group.kept -= back;
                held -= 1 + back;
            } else if (group.kept > group.reserved) { // a borrower whose holder has closed: back to the budget
                group.kept--;
                held--;
            } else { // a borrower: back to its group
                group.free++;
            }
            if (group != null && group.reserved == 0 && group.kept == 0) {
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
        /** Permits its live holders keep. */
        int reserved;
        /** Kept permits, free or lent (more than reserved while a closed holder's are still lent). */
        int kept;
        int free;
    }

    /** One connection's admission; {@link #release()} gives it back, once, however often it is called. */
    public final class Permit {

        /** The group whose kept permit this is (borrowed), or that this holder keeps permits for; else null. */
        private final String group;
        /** For a holder, how many permits it keeps; 0 otherwise. */
        private final int keeps;
        private boolean released;

        private Permit(String group, int keeps) {
            this.group = group;
            this.keeps = keeps;
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
            return group != null && keeps == 0;
        }
    }
}
