package io.sparkfederated.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import io.sparkfederated.FederatedCatalog;
import io.sparkfederated.sandbox.PostgresServer;

/**
 * What statistics and the metadata cache buy. (1) A join of a large remote table with a small one,
 * with statistics (Spark broadcasts the small side) and without ({@code statistics=false}: Spark
 * shuffles both). (2) Planning time of a 10-table query, warm (metadata cache on) and uncached
 * ({@code metadata_cache_ttl=0}: every plan reads the remote catalog and asks for estimates).
 *
 * <p>Arguments: {@code --rows N} (large table, default 2,000,000), {@code --rounds R} (default 5).
 */
public final class StatisticsBenchmark {

    private static final String DB = "bench_statistics";

    private StatisticsBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> options = BenchmarkSupport.arguments(args);
        long rows = Long.parseLong(options.getOrDefault("rows", "2000000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        PostgresServer pg = BenchmarkSupport.freshDatabase(DB);
        List<String> setup = new ArrayList<>(List.of(
                "CREATE TABLE facts (id bigint, dim_id int, amount numeric(12,2))",
                "INSERT INTO facts SELECT g, (g % 50)::int, (g % 100000) / 100.0 FROM generate_series(1::bigint, " + rows + ") g",
                "CREATE TABLE dim (id int, label text)",
                "INSERT INTO dim SELECT g, 'label ' || g FROM generate_series(0, 49) g"));
        for (int t = 1; t <= 10; t++) {
            setup.add("CREATE TABLE t" + t + " (id int, v" + t + " int)");
            setup.add("INSERT INTO t" + t + " SELECT g, g FROM generate_series(1, 100) g");
        }
        setup.add("ANALYZE");
        pg.execute(DB, setup.toArray(String[]::new));

        Map<String, String> settings = new LinkedHashMap<>();
        for (String[] catalog : new String[][] {{"nostats", "statistics"}, {"nocache", "metadata_cache_ttl"}}) {
            String prefix = "spark.sql.catalog." + catalog[0];
            settings.put(prefix, FederatedCatalog.class.getName());
            pg.externalSchemaOptions(DB).forEach((k, v) -> settings.put(prefix + ".schemas.b." + k, v));
            settings.put(prefix + ".schemas.b." + catalog[1], catalog[1].equals("statistics") ? "false" : "0");
        }
        SparkSession spark = BenchmarkSupport.spark("spark-federated statistics benchmark", pg, DB, settings);

        String join = "SELECT d.label, sum(f.amount) FROM {c}.b.facts f JOIN {c}.b.dim d ON f.dim_id = d.id GROUP BY d.label";
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "### Statistics: join of %,d fact rows with a 50-row dimension, median of %d%n%n"
                        + "| catalog | join strategy | median s |%n|---|---|---:|%n", rows, rounds));
        for (String catalog : List.of("fed", "nostats")) {
            String sql = join.replace("{c}", catalog);
            String plan = spark.sql(sql).queryExecution().executedPlan().toString();
            String strategy = plan.contains("BroadcastHashJoin") ? "broadcast hash join"
                    : plan.contains("SortMergeJoin") ? "sort-merge join (both sides shuffled)" : "other";
            List<Double> times = new ArrayList<>();
            spark.sql(sql).collectAsList(); // warm-up
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                spark.sql(sql).collectAsList();
                times.add((System.nanoTime() - start) / 1e9);
            }
            report.append(String.format(Locale.ROOT, "| %s | %s | %.2f |%n", catalog.equals("fed") ? "statistics on (default)"
                    : "statistics=false", strategy, BenchmarkSupport.median(times)));
        }

        StringBuilder tenTables = new StringBuilder("SELECT count(*) FROM {c}.b.t1");
        for (int t = 2; t <= 10; t++) {
            tenTables.append(" JOIN {c}.b.t").append(t).append(" USING (id)");
        }
        report.append(String.format(Locale.ROOT, "%n### Planning a 10-table join (parse, analyze, optimize, plan), median of %d%n%n"
                + "| catalog | median ms |%n|---|---:|%n", rounds * 4));
        for (String catalog : List.of("fed", "nocache")) {
            String sql = tenTables.toString().replace("{c}", catalog);
            spark.sql(sql).queryExecution().executedPlan(); // warm the cache (and the JIT)
            List<Double> times = new ArrayList<>();
            for (int r = 0; r < rounds * 4; r++) {
                long start = System.nanoTime();
                spark.sql(sql).queryExecution().executedPlan();
                times.add((System.nanoTime() - start) / 1e6);
            }
            report.append(String.format(Locale.ROOT, "| %s | %.1f |%n", catalog.equals("fed")
                    ? "metadata cache warm (default, 60 s)" : "metadata_cache_ttl=0", BenchmarkSupport.median(times)));
        }
        System.out.println();
        System.out.println(report);
        spark.stop();
    }
}
