package io.sparkfederated.connector.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.CommonOptions;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.exec.QueryScope;

/**
 * Opens every engine's connections through this JVM's {@link ConnectionBudget} for the server: waits
 * for a permit, then connects; while the server itself refuses for want of connections ("too many
 * clients"), retries with backoff inside the same wait ({@code connection_wait_timeout}). The
 * connection returned gives its permit back when closed.
 */
public final class ConnectionAdmission {

    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private ConnectionAdmission() {
    }

    /**
     * A connection for a metadata lookup, a planning query or a split.
     *
     * @param refused whether a driver error says the server has no free connection slot
     * @param connect opens and prepares the session, throwing the engine's error (the driver's as its cause)
     */
    public static Connection open(ExternalSchema schema, Predicate<SQLException> refused, Supplier<Connection> connect) {
        return open(schema, 0, refused, connect);
    }

    /**
     * The connection a query keeps open while its splits start (an exported snapshot, a table lock):
     * admitted together with {@code splitsAtOnce} permits kept for its splits in this JVM (see
     * {@link ConnectionBudget}).
     */
    public static Connection openHolder(ExternalSchema schema, int splitsAtOnce, Predicate<SQLException> refused,
                                        Supplier<Connection> connect) {
        return open(schema, splitsAtOnce, refused, connect);
    }

    private static Connection open(ExternalSchema schema, int keep, Predicate<SQLException> refused,
                                   Supplier<Connection> connect) {
        long timeoutNanos = TimeUnit.SECONDS.toNanos(schema.tuning().intValue(CommonOptions.CONNECTION_WAIT_TIMEOUT));
        long deadline = System.nanoTime() + timeoutNanos;
        ConnectionBudget budget = ConnectionBudget.of(server(schema));
        ConnectionBudget.Permit permit = budget.acquire(new ConnectionBudget.Request(schema.describe(),
                schema.tuning().intValue(CommonOptions.MAX_SERVER_CONNECTIONS), timeoutNanos, QueryScope.currentExecution(),
                keep));
        try {
            long backoff = FIRST_BACKOFF_MILLIS;
            while (true) {
                try {
                    return PermitConnection.wrap(connect.get(), permit::release);
                } catch (RuntimeException e) {
                    SQLException refusal = refusal(e, refused);
                    long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (refusal == null) {
                        throw e;
                    }
                    if (leftMillis <= 0) {
                        throw serverFull(schema, budget, timeoutNanos, refusal, e);
                    }
                    // keep the permit: this JVM's next connection is this one, whoever else waits
                    Thread.sleep(Math.min(leftMillis, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1)));
                    backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                }
            }
        } catch (InterruptedException e) {
            permit.release();
            Thread.currentThread().interrupt();
            throw new FederatedException(schema.describe() + ": interrupted while waiting for the server to accept a connection", e);
        } catch (RuntimeException | Error e) {
            permit.release();
            throw e;
        }
    }

    /** The budget's key: one server, whatever database or user. */
    static String server(ExternalSchema schema) {
        String host = schema.host().toLowerCase(Locale.ROOT);
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + schema.port();
    }

    private static SQLException refusal(Throwable e, Predicate<SQLException> refused) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && refused.test(sql)) {
                return sql;
            }
        }
        return null;
    }

    private static FederatedException serverFull(ExternalSchema schema, ConnectionBudget budget, long timeoutNanos,
                                                 SQLException refusal, RuntimeException e) {
        String first = refusal.getMessage() == null ? "" : refusal.getMessage().lines().findFirst().orElse("");
        return new FederatedException(schema.describe() + ": the server " + budget.server() + " refused new connections ("
                + first + ") for " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s ("
                + CommonOptions.CONNECTION_WAIT_TIMEOUT.name() + ") while this JVM had " + (budget.open() - 1)
                + " open there: other applications or JVMs (executors) use its connections. Lower "
                + CommonOptions.MAX_SERVER_CONNECTIONS.name() + " so that all JVMs together stay below the server's"
                + " max_connections (max_connections ÷ (executors + driver), less some headroom), raise the server's"
                + " max_connections, or raise " + CommonOptions.CONNECTION_WAIT_TIMEOUT.name(), e);
    }
}
