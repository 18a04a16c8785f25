package io.sparkfederated.benchmarks;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.sql.SparkSession;

import io.sparkfederated.connector.jdbc.JdbcSessions;
import io.sparkfederated.sandbox.PostgresServer;

/**
 * A soak run: concurrent threads send a mixed workload (parallel scans, pushed aggregates, GROUP BY,
 * top-N, a pushed join, a metadata query) for a given time through one Spark application
 * ({@code local[4]}, FAIR scheduler). Every answer is checked against the answer Spark's JDBC v2
 * catalog gave for the same query at the start. Every {@code --sample-seconds} it prints the
 * queries finished, throughput, p50/p99 latency, heap in use after a GC and the remote sessions open
 * on PostgreSQL; at the end, the sessions left once the threads have stopped.
 *
 * <p>Arguments: {@code --minutes M} (default 30), {@code --threads T} (8), {@code --rows N}
 * (fact rows, 500,000), {@code --sample-seconds S} (60).
 */
public final class SoakBenchmark {

    private static final String DB = "bench_soak";

    private static final Map<String, String> WORKLOADS = new LinkedHashMap<>();

    static {
        // crc32 is never pushed: this one reads the whole table over parallel splits
        WORKLOADS.put("parallel scan", "SELECT count(*), sum(crc32(status)), max(created) FROM {c}.facts");
        WORKLOADS.put("pushed aggregate", "SELECT count(*), sum(amount), min(created) FROM {c}.facts");
        WORKLOADS.put("GROUP BY", "SELECT status, count(*), sum(customer_id) FROM {c}.facts GROUP BY status ORDER BY status");
        WORKLOADS.put("top-N", "SELECT id, amount FROM {c}.facts ORDER BY amount DESC, id LIMIT 10");
        WORKLOADS.put("join", "SELECT c.country, count(*) FROM {c}.facts f JOIN {c}.customers c ON f.customer_id = c.id"
                + " GROUP BY c.country ORDER BY c.country");
        WORKLOADS.put("filter", "SELECT * FROM {c}.facts WHERE status = 'refund' AND amount > 990 ORDER BY id");
    }

    private record Sample(long second, long queries, double perSecond, double p50, double p99, long heapMb,
                          int sessions, long wrong, long failed) {
    }

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.arguments(args);
        double minutes = Double.parseDouble(options.getOrDefault("minutes", "30"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "8"));
        long rows = Long.parseLong(options.getOrDefault("rows", "500000"));
        int sampleSeconds = Integer.parseInt(options.getOrDefault("sample-seconds", "60"));

        PostgresServer pg = BenchmarkSupport.freshDatabase(DB);
        pg.execute(DB,
                "CREATE TABLE customers (id int PRIMARY KEY, name text, country text)",
                "INSERT INTO customers SELECT g, 'customer ' || g, (ARRAY['FI','GB','US','DE','JP'])[1 + g % 5]"
                        + " FROM generate_series(1, 10000) g",
                "CREATE TABLE facts (id bigint PRIMARY KEY, customer_id int, amount numeric(12,2), status text, created date)",
                "INSERT INTO facts SELECT g, 1 + (g * 7919) % 10000, ((g * 104729) % 100000) / 100.0,"
                        + " (ARRAY['paid','open','refund','void'])[1 + g % 4], DATE '2020-01-01' + (g % 1500)::int"
                        + " FROM generate_series(1::bigint, " + rows + ") g",
                "VACUUM ANALYZE customers", "VACUUM ANALYZE facts");

        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "spark.sql.catalog.jdbc", "org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog",
                "spark.sql.catalog.jdbc.url", pg.jdbcUrl(DB),
                "spark.sql.catalog.jdbc.user", pg.user(),
                "spark.sql.catalog.jdbc.password", pg.password(),
                "spark.scheduler.mode", "FAIR"));
        settings.put("spark.master", "local[4]");
        SparkSession spark = BenchmarkSupport.spark("spark-federated soak", pg, DB, settings);

        Map<String, String> expected = new LinkedHashMap<>();
        WORKLOADS.forEach((name, sql) -> expected.put(name, answer(spark, sql.replace("{c}", "jdbc.public"))));
        String metadata = "SELECT count(*) FROM fed.information_schema.columns WHERE table_schema = 'b'";
        expected.put("metadata", "[[8]]");
        List<String> names = new ArrayList<>(expected.keySet());

        ConcurrentLinkedQueue<long[]> finished = new ConcurrentLinkedQueue<>(); // {end millis, latency millis}
        AtomicLong wrong = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.currentTimeMillis();
        long deadline = start + (long) (minutes * 60_000);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.currentTimeMillis() < deadline) {
                    String name = names.get(ThreadLocalRandom.current().nextInt(names.size()));
                    String sql = name.equals("metadata") ? metadata : WORKLOADS.get(name).replace("{c}", "fed.b");
                    long began = System.currentTimeMillis();
                    try {
                        spark.sparkContext().setLocalProperty("spark.scheduler.pool", "soak");
                        if (!expected.get(name).equals(answer(spark, sql))) {
                            wrong.incrementAndGet();
                            System.out.println("WRONG ANSWER: " + name);
                        }
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        System.out.println("FAILED: " + name + ": " + e.getMessage());
                    }
                    long now = System.currentTimeMillis();
                    finished.add(new long[] {now, now - began});
                }
            });
        }
        pool.shutdown();

        List<Sample> samples = new ArrayList<>();
        long windowStart = start;
        while (true) {
            boolean done = pool.awaitTermination(sampleSeconds, TimeUnit.SECONDS);
            long now = System.currentTimeMillis();
            List<Long> latencies = new ArrayList<>();
            long windowEnd = now;
            for (long[] q : finished) {
                if (q[0] > windowStart && q[0] <= windowEnd) {
                    latencies.add(q[1]);
                }
            }
            Collections.sort(latencies);
            System.gc();
            long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            Sample s = new Sample((now - start) / 1000, latencies.size(), latencies.size() * 1000.0 / Math.max(1, now - windowStart),
                    percentile(latencies, 0.50), percentile(latencies, 0.99), heapMb, sessions(pg), wrong.get(), failed.get());
            samples.add(s);
            System.out.printf(Locale.ROOT, "t=%ds queries=%d %.2f q/s p50=%.0f ms p99=%.0f ms heap=%d MB sessions=%d wrong=%d failed=%d%n",
                    s.second(), s.queries(), s.perSecond(), s.p50(), s.p99(), s.heapMb(), s.sessions(), s.wrong(), s.failed());
            windowStart = now;
            if (done) {
                break;
            }
        }
        Thread.sleep(5000);
        int left = sessions(pg);
        spark.stop();

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "### Soak: %.0f minutes, %d threads, %,d fact rows, local[4] FAIR%n%n", minutes, threads, rows));
        out.append("| t (s) | queries | q/s | p50 ms | p99 ms | heap after GC MB | remote sessions | wrong | failed |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Sample s : samples) {
            out.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.0f | %.0f | %d | %d | %d | %d |%n", s.second(), s.queries(),
                    s.perSecond(), s.p50(), s.p99(), s.heapMb(), s.sessions(), s.wrong(), s.failed()));
        }
        out.append(String.format(Locale.ROOT, "%n%,d queries in all, %d wrong, %d failed; remote sessions 5 s after the last query: %d%n",
                finished.size(), wrong.get(), failed.get(), left));
        System.out.println();
        System.out.println(out);
    }

    private static String answer(SparkSession spark, String sql) {
        return spark.sql(sql).collectAsList().toString();
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** Sessions spark-federated has open on the server (its application_name), this one excluded. */
    private static int sessions(PostgresServer pg) {
        try (Connection c = pg.connect(DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                     + JdbcSessions.APPLICATION_NAME + "'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
