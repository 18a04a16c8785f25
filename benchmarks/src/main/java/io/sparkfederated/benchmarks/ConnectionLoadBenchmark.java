package io.sparkfederated.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

import io.sparkfederated.sandbox.PostgresServer;

/**
 * Many queries at once on a server with few connections (issue 18): a PostgreSQL with
 * {@code max_connections=30}, one table, one Spark application ({@code local[4]}, FAIR scheduler)
 * sending {@code --queries} queries from {@code --threads} threads, each a parallel scan of the table
 * (aggregated in Spark) and a pushed-down filtered count; spark-federated with its defaults against
 * Spark's JDBC source (4 partitions with hand-given bounds for the scan, aggregate pushdown for the
 * count), one after the other in one run. Prints per side: queries that succeeded, failed and gave
 * the right answer, the failures' first lines, wall time, most sessions at once and sessions left.
 *
 * <p>Arguments: {@code --rows N} (default 1,000,000), {@code --queries Q} (60), {@code --threads T}
 * (40), {@code --max-connections C} (30, the server's), {@code --sources federated,jdbc} (both).
 */
public final class ConnectionLoadBenchmark {

    private static final String DB = "load";
    private static final String READER = "load_reader";
    private static final String PASSWORD = "load-reader-pw";

    private final PostgresServer pg;
    private final SparkSession spark;
    private final int rows;

    private ConnectionLoadBenchmark(PostgresServer pg, SparkSession spark, int rows) {
        this.pg = pg;
        this.spark = spark;
        this.rows = rows;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.arguments(args);
        int rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
        int queries = Integer.parseInt(options.getOrDefault("queries", "60"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "40"));
        String maxConnections = options.getOrDefault("max-connections", "30");
        List<String> sources = List.of(options.getOrDefault("sources", "federated,jdbc").split(","));

        try (PostgresServer pg = PostgresServer.start(PostgresServer.NEWEST_MAJOR, List.of("max_connections=" + maxConnections))) {
            pg.recreateDatabase(DB);
            long loadStart = System.nanoTime();
            pg.execute(DB, "CREATE ROLE " + READER + " LOGIN PASSWORD '" + PASSWORD + "'",
                    "CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL, note text)",
                    "INSERT INTO t SELECT g, g % 1000, md5(g::text) FROM generate_series(1, " + rows + ") g",
                    "GRANT SELECT ON t TO " + READER, "VACUUM ANALYZE t");
            System.out.printf("PostgreSQL %d on %s:%d (max_connections=%s; %s logs in without superuser slots),"
                            + " %,d rows loaded in %.1f s, %d cores, Java %s%n", pg.majorVersion(), pg.host(), pg.port(),
                    maxConnections, READER, rows, (System.nanoTime() - loadStart) / 1e9,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            Map<String, String> schema = pg.externalSchemaOptions(DB);
            schema.put("user", READER);
            schema.put("password", PASSWORD);
            SparkSession spark = SparkSession.builder().master("local[4]").appName("spark-federated connection load")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.scheduler.mode", "FAIR")
                    .config("spark.scheduler.allocation.file", fairPools(threads).toString())
                    .config("spark.sql.catalog.fed", io.sparkfederated.FederatedCatalog.class.getName())
                    .getOrCreate();
            schema.forEach((k, v) -> spark.conf().set("spark.sql.catalog.fed.schemas.b." + k, v));
            ConnectionLoadBenchmark bench = new ConnectionLoadBenchmark(pg, spark, rows);
            String heading = String.format(Locale.ROOT, "%d queries (parallel scan + pushed count) from %d threads,"
                    + " %,d rows, max_connections=%s, local[4] FAIR", queries, threads, rows, maxConnections);
            StringBuilder table = new StringBuilder(heading).append("\n\n| source | succeeded | failed | right answers"
                    + " | wall s | most sessions at once | sessions left |\n|---|---:|---:|---:|---:|---:|---:|\n");
            if (sources.contains("federated")) {
                table.append(bench.run("spark-federated (defaults)", queries, threads, bench::federated));
            }
            if (sources.contains("jdbc")) {
                table.append(bench.run("Spark JDBC (4 partitions; pushed count)", queries, threads, bench::jdbc));
            }
            System.out.println();
            System.out.println(table);
            spark.stop();
        }
    }

    /** A FAIR scheduler pool per thread (q0, q1, …), so the threads share the task slots. */
    private static java.nio.file.Path fairPools(int threads) throws java.io.IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<allocations>\n");
        for (int i = 0; i < threads; i++) {
            xml.append("  <pool name=\"q").append(i).append("\"><schedulingMode>FAIR</schedulingMode></pool>\n");
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("fair-pools-", ".xml");
        file.toFile().deleteOnExit();
        return java.nio.file.Files.writeString(file, xml.append("</allocations>\n"));
    }

    /** Query {@code i} through spark-federated: its answer as text. */
    private String federated(int i) {
        return spark.table("fed.b.t").selectExpr("count(*)", "sum(v)", "bit_xor(id)").first() + " "
                + spark.table("fed.b.t").where("v >= " + threshold(i)).selectExpr("count(*)").first();
    }

    /** Query {@code i} through Spark's JDBC source. */
    private String jdbc(int i) {
        return jdbcReader().option("partitionColumn", "id").option("lowerBound", "1")
                .option("upperBound", Integer.toString(rows)).option("numPartitions", "4").load()
                .selectExpr("count(*)", "sum(v)", "bit_xor(id)").first() + " "
                + jdbcReader().option("pushDownAggregate", "true").load().where("v >= " + threshold(i))
                .selectExpr("count(*)").first();
    }

    private DataFrameReader jdbcReader() {
        return spark.read().format("jdbc").option("url", pg.jdbcUrl(DB)).option("dbtable", "t").option("user", READER)
                .option("password", PASSWORD).option("fetchsize", "10000");
    }

    private static int threshold(int i) {
        return (i * 17) % 1000;
    }

    private String expected(int i) {
        int xor = 0; // of 1..rows
        for (int id = 1; id <= rows; id++) {
            xor ^= id;
        }
        long sum = 0;
        long matching = 0;
        for (int v = 0; v < 1000; v++) {
            long n = rows / 1000 + (v >= 1 && v <= rows % 1000 ? 1 : 0); // ids g with g % 1000 == v
            sum += n * v;
            matching += v >= threshold(i) ? n : 0;
        }
        return "[" + rows + "," + sum + "," + xor + "] [" + matching + "]";
    }

    private String run(String source, int queries, int threads, IntFunction<String> query) throws Exception {
        System.out.printf("%n%s: %d queries from %d threads%n", source, queries, threads);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong peak = new AtomicLong();
        Thread watch = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(sessions(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watch.start();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            int n = i;
            answers.add(pool.submit(() -> {
                spark.sparkContext().setLocalProperty("spark.scheduler.pool", "q" + (n % threads));
                return query.apply(n);
            }));
        }
        int succeeded = 0;
        int right = 0;
        Map<String, Integer> failures = new TreeMap<>();
        for (int i = 0; i < queries; i++) {
            try {
                String answer = answers.get(i).get();
                succeeded++;
                right += answer.equals(expected(i)) ? 1 : 0;
            } catch (java.util.concurrent.ExecutionException e) {
                failures.merge(firstLine(e.getCause()), 1, Integer::sum);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        running.set(false);
        watch.join();
        long left = sessionsAfterSettling();
        failures.forEach((message, count) -> System.out.printf("  %d× %s%n", count, message));
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %d | %d |%n", source, succeeded,
                queries - succeeded, right, seconds, peak.get(), left);
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && !(root.getMessage() != null && root.getMessage().contains("connection"))) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + ": " + (message.length() > 300 ? message.substring(0, 300) + "…" : message);
    }

    /** Sessions of the benchmark's reader on the server (either source's). */
    private long sessions() {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + READER + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Sessions left once the queries have ended (Spark reports a query's end asynchronously: up to 10 s). */
    private long sessionsAfterSettling() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long n = sessions();
        while (n != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            n = sessions();
        }
        return n;
    }
}
