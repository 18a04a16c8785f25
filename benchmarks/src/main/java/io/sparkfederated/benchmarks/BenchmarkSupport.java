package io.sparkfederated.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;

import io.sparkfederated.FederatedCatalog;
import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.spark.ScalaCollections;

/** What every benchmark shares: its Spark session, arguments, timing loops and statistics. */
final class BenchmarkSupport {

    private BenchmarkSupport() {
    }

    /**
     * A {@code local[2]} Spark session whose catalog {@code fed} has the external schema {@code b} on
     * the given database, plus any further settings.
     */
    static SparkSession spark(String appName, PostgresServer pg, String database, Map<String, String> settings) {
        return spark(appName, pg.externalSchemaOptions(database), settings);
    }

    /** A {@code local[2]} Spark session whose catalog {@code fed} has the external schema {@code b} with these options. */
    static SparkSession spark(String appName, Map<String, String> schemaOptions, Map<String, String> settings) {
        SparkSession.Builder builder = SparkSession.builder()
                .master("local[2]")
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.catalog.fed", FederatedCatalog.class.getName());
        schemaOptions.forEach((k, v) -> builder.config("spark.sql.catalog.fed.schemas.b." + k, v));
        settings.forEach(builder::config);
        return builder.getOrCreate();
    }

    /** The benchmark's PostgreSQL (sandbox, or FEDERATED_TEST_PG_URL) with a new, empty database. */
    static PostgresServer freshDatabase(String database) {
        PostgresServer pg = PostgresServer.shared();
        pg.recreateDatabase(database);
        return pg;
    }

    /** {@code --name value} pairs. */
    static Map<String, String> arguments(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    /** Reads a whole Dataset into Spark's {@code noop} sink. */
    static void noop(Dataset<?> df) {
        df.write().format("noop").mode("overwrite").save();
    }

    /**
     * Runs each scan workload once to warm up, then {@code rounds} times, rotating which runs first;
     * returns the Markdown table of medians, each as a ratio to the first workload's, and peak heap.
     */
    static String timeScans(String heading, Map<String, Runnable> workloads, int rounds) {
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, Long> peakHeap = new LinkedHashMap<>();
        workloads.keySet().forEach(k -> seconds.put(k, new ArrayList<>()));
        List<String> order = new ArrayList<>(workloads.keySet());
        // a warm-up run of each, not counted
        order.forEach(k -> workloads.get(k).run());
        for (int round = 0; round < rounds; round++) {
            Collections.rotate(order, 1); // alternate which workload runs first
            for (String name : order) {
                System.gc();
                ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
                long start = System.nanoTime();
                workloads.get(name).run();
                double s = (System.nanoTime() - start) / 1e9;
                seconds.get(name).add(s);
                peakHeap.merge(name, peakHeapBytes(), Math::max);
                System.out.printf("  round %d  %-50s %6.2f s%n", round + 1, name, s);
            }
        }
        String first = workloads.keySet().iterator().next();
        double reference = median(seconds.get(first));
        StringBuilder out = new StringBuilder(heading).append("\n\n");
        out.append("| workload | median s | time ÷ spark-federated time | peak heap MB |\n|---|---:|---:|---:|\n");
        for (String name : workloads.keySet()) {
            double median = median(seconds.get(name));
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f× | %d |%n", name, median, median / reference,
                    peakHeap.get(name) >> 20));
        }
        return out.append('\n').toString();
    }

    /** Sum of the heap pools' peaks since the last reset: an upper bound of the peak heap. */
    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
    }

    /**
     * Runs each query ({@code {c}} standing for the catalog and schema, {@code {p}} for a Parquet
     * path) through spark-federated ({@code federated}) and through Spark's JDBC v2 catalog
     * ({@code jdbc}), alternating, a warm-up and then {@code rounds} times, each collected to the
     * driver; returns the table rows: median times, their ratio, the rows each side's database scans
     * returned, and whether both sides gave the same answer (as sets of rows).
     */
    static String comparePushdown(SparkSession spark, Map<String, String> queries, String federated, String jdbc,
            String parquet, int rounds) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("spark-federated", federated);
        sources.put("Spark JDBC v2 catalog", jdbc);
        StringBuilder table = new StringBuilder("| workload | spark-federated s | Spark JDBC v2 s | JDBC ÷ federated"
                + " | rows received: federated | rows received: JDBC | same answer |\n|---|---:|---:|---:|---:|---:|---|\n");
        for (Map.Entry<String, String> query : queries.entrySet()) {
            Map<String, List<Double>> times = new LinkedHashMap<>();
            Map<String, Long> received = new LinkedHashMap<>();
            Map<String, List<Row>> answers = new LinkedHashMap<>();
            List<String> order = new ArrayList<>(sources.keySet());
            for (int round = -1; round < rounds; round++) { // round -1 warms up
                Collections.rotate(order, 1);
                for (String source : order) {
                    String sql = query.getValue().replace("{c}", sources.get(source)).replace("{p}", parquet);
                    long start = System.nanoTime();
                    Dataset<Row> df = spark.sql(sql);
                    List<Row> rows = df.collectAsList();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (round >= 0) {
                        times.computeIfAbsent(source, k -> new ArrayList<>()).add(seconds);
                        received.put(source, scannedRows(df.queryExecution().executedPlan()));
                        answers.put(source, rows);
                    }
                }
            }
            double f = median(times.get("spark-federated"));
            double j = median(times.get("Spark JDBC v2 catalog"));
            String same = TpchFederatedBenchmark.compare(answers.get("spark-federated"), answers.get("Spark JDBC v2 catalog"))
                    .startsWith("correct") ? "yes" : "NO";
            table.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.2f× | %,d | %,d | %s |%n", query.getKey(), f, j, j / f,
                    received.get("spark-federated"), received.get("Spark JDBC v2 catalog"), same));
            System.out.println("done: " + query.getKey());
        }
        return table.toString();
    }

    /** Rows the plan's scans of a database (not of Parquet files) received. */
    static long scannedRows(SparkPlan plan) {
        if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            return scannedRows(adaptive.executedPlan());
        }
        long rows = 0;
        boolean leaf = plan.children().isEmpty() && !(plan instanceof org.apache.spark.sql.execution.adaptive.QueryStageExec);
        boolean fromDatabase = !(plan instanceof org.apache.spark.sql.execution.FileSourceScanExec);
        if (leaf && fromDatabase && plan.metrics().contains("numOutputRows")) {
            // BatchScanExec (spark-federated), RowDataSourceScanExec (Spark's JDBC source)
            rows += plan.metrics().get("numOutputRows").get().value();
        }
        for (SparkPlan child : ScalaCollections.asJava(plan.children())) {
            rows += scannedRows(child);
        }
        if (plan instanceof org.apache.spark.sql.execution.adaptive.QueryStageExec stage) {
            rows += scannedRows(stage.plan());
        }
        return rows;
    }
}
