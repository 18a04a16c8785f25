package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/** Runs many queries at once from a pool of threads, watching how many remote sessions they hold. */
public final class ConcurrentQueries {

    /** Each query's answer, in order, and the most sessions seen at once while they ran. */
    public record Result(List<String> answers, long peakSessions, long seconds) {
    }

    private ConcurrentQueries() {
    }

    /** 1 ^ 2 ^ … ^ n: what {@code bit_xor(id)} gives over ids 1 to n. */
    public static int xorUpTo(int n) {
        int xor = 0;
        for (int i = 1; i <= n; i++) {
            xor ^= i;
        }
        return xor;
    }

    /** Starts a thread that closes the connections (another application's) after {@code millis}. */
    public static Thread closeLater(List<? extends AutoCloseable> connections, long millis) {
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            connections.forEach(io.sparkfederated.connector.jdbc.JdbcSessions::closeQuietly);
        });
        release.start();
        return release;
    }

    /** Waits (up to 15 s) for the query scopes to close and then for {@code sessions} to reach zero. */
    public static void awaitNoSessions(LongSupplier sessions) throws InterruptedException {
        assertThat(TestEnv.awaitNoOpenQueryScopes()).isZero();
        long deadline = System.currentTimeMillis() + 15_000;
        while (sessions.getAsLong() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sessions.getAsLong()).as("sessions of ours left on the server").isZero();
    }

    /**
     * Runs {@code query.apply(i)} for i in [0, queries) on {@code threads} threads, sampling
     * {@code sessions} every 100 ms; a failed query fails the call.
     */
    public static Result run(int queries, int threads, IntFunction<String> query, LongSupplier sessions) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong peak = new AtomicLong();
        Thread watch = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(sessions.getAsLong(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watch.start();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                int n = i;
                futures.add(pool.submit(() -> query.apply(n)));
            }
            List<String> answers = new ArrayList<>();
            for (Future<String> f : futures) {
                answers.add(f.get(5, TimeUnit.MINUTES));
            }
            return new Result(answers, peak.get(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        } finally {
            pool.shutdownNow();
            running.set(false);
            watch.join();
        }
    }
}
