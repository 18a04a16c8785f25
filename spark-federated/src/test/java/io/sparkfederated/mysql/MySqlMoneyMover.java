package io.sparkfederated.mysql;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sparkfederated.sandbox.MariaDbServer;

/**
 * A writer that moves money between an early and a late row of {@code accounts(id, balance)} in one
 * transaction after another, so the total never changes but a scan that mixes two states sees it move.
 */
final class MySqlMoneyMover implements AutoCloseable {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong transfers = new AtomicLong();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final CompletableFuture<Void> writer;

    MySqlMoneyMover(MariaDbServer server, String database, int rows, int amount) {
        writer = CompletableFuture.runAsync(() -> {
            Random random = new Random(42);
            try (Connection c = server.connect(database); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    long start = System.nanoTime();
                    int from = 1 + random.nextInt(rows / 10);   // first split
                    int to = rows - random.nextInt(rows / 10);  // last split
                    s.executeUpdate("UPDATE accounts SET balance = balance - " + amount + " WHERE id = " + from);
                    s.executeUpdate("UPDATE accounts SET balance = balance + " + amount + " WHERE id = " + to);
                    c.commit();
                    transfers.incrementAndGet();
                    slowestMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The longest a transfer took (it waits while a scan holds its read lock). */
    long slowestMillis() {
        return slowestMillis.get();
    }

    long transfers() {
        return transfers.get();
    }

    @Override
    public void close() throws Exception {
        stop.set(true);
        writer.get(60, TimeUnit.SECONDS);
    }
}
