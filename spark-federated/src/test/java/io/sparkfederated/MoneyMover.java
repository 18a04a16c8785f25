package io.sparkfederated;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sparkfederated.sandbox.PostgresServer;

/**
 * A writer that moves money between an early and a late row of {@code ledger(id, balance)} in one
 * transaction after another, so the total never changes but a scan that mixes two states sees it move.
 */
final class MoneyMover implements AutoCloseable {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong transfers = new AtomicLong();
    private final CompletableFuture<Void> writer;

    MoneyMover(PostgresServer server, String database, int rows, int amount) {
        writer = CompletableFuture.runAsync(() -> {
            Random random = new Random(42);
            try (Connection c = server.connect(database); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    int from = 1 + random.nextInt(rows / 10);            // early pages
                    int to = rows - random.nextInt(rows / 10);           // late pages
                    s.executeUpdate("UPDATE ledger SET balance = balance - " + amount + " WHERE id = " + from);
                    s.executeUpdate("UPDATE ledger SET balance = balance + " + amount + " WHERE id = " + to);
                    c.commit();
                    transfers.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    long transfers() {
        return transfers.get();
    }

    @Override
    public void close() throws Exception {
        stop.set(true);
        writer.get(30, TimeUnit.SECONDS);
    }
}
