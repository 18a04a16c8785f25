package io.sparkfederated.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import io.sparkfederated.sandbox.PostgresServer;

/**
 * Pushdown workloads (filter, global aggregate, GROUP BY, top-N, two-table join) run through
 * spark-federated and through Spark's JDBC v2 catalog ({@code JDBCTableCatalog} with aggregate,
 * limit, offset and join pushdown on), in one JVM, alternating, median of {@code --rounds}; reports
 * time and the rows each side received from PostgreSQL (the scans' output rows).
 *
 * <p>Arguments: {@code --rows N} (fact rows, default 2,000,000), {@code --rounds R} (default 5),
 * {@code --pushdown-aggregates auto|always|never} and {@code --runtime-filter-max-values N} (the federated
 * side's {@code pushdown_aggregates} and {@code runtime_filter_max_values}; unset: the engine's default).
 */
public final class PushdownBenchmark {

    private static final String DB = "bench_pushdown";

    static final Map<String, String> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("filter", "SELECT * FROM {c}.facts WHERE status = 'refund' AND amount > 900");
        WORKLOADS.put("global aggregate", "SELECT count(*), max(amount), min(created) FROM {c}.facts");
        WORKLOADS.put("GROUP BY", "SELECT status, count(*), sum(customer_id) FROM {c}.facts GROUP BY status");
        // aggregates whose rows barely shrink: pushdown_aggregates=auto leaves the first to Spark, pushes the second
        WORKLOADS.put("GROUP BY a key of every row", "SELECT count(*), sum(n) FROM (SELECT id, count(*) AS n"
                + " FROM {c}.facts GROUP BY id)");
        WORKLOADS.put("GROUP BY 10,000 customers", "SELECT count(*), sum(total) FROM (SELECT customer_id, sum(amount) AS total"
                + " FROM {c}.facts GROUP BY customer_id)");
        WORKLOADS.put("top-N", "SELECT * FROM {c}.facts ORDER BY amount DESC, id LIMIT 10");
        WORKLOADS.put("two-table join", "SELECT c.country, count(*) FROM {c}.facts f JOIN {c}.customers c"
                + " ON f.customer_id = c.id WHERE c.country = 'FI' GROUP BY c.country");
        // the dimension is Parquet (as on S3): Spark's dynamic pruning hands its keys to the fact scan
        WORKLOADS.put("join with a selective Parquet side (runtime filter)", "SELECT count(*), sum(f.amount) FROM {c}.facts f"
                + " JOIN parquet.`{p}` d ON f.customer_id = d.id WHERE d.segment = 'gold'");
        // 2,000 keys: more than runtime_filter_max_values' common default (1000), which then sends their range
        WORKLOADS.put("join with a Parquet side selecting 2,000 keys (runtime filter)", "SELECT count(*), sum(f.amount)"
                + " FROM {c}.facts f JOIN parquet.`{p}` d ON f.customer_id = d.id WHERE d.segment = 'silver'");
    }

    /** The dimension written as Parquet from the federated {@code customers}: 10 gold and 2,000 silver customers. */
    static final String DIMENSION = "SELECT id, name, CASE WHEN id % 1000 = 7 THEN 'gold' WHEN id % 5 = 3 THEN 'silver'"
            + " ELSE 'basic' END AS segment FROM fed.b.customers";

    /** The federated catalog's defaults a benchmark's arguments set: pushdown_aggregates, runtime_filter_max_values. */
    static void federatedDefaults(Map<String, String> options, Map<String, String> settings) {
        settings.put("spark.sql.catalog.fed.defaults.pushdown_aggregates", options.getOrDefault("pushdown-aggregates", "auto"));
        if (options.containsKey("runtime-filter-max-values")) {
            settings.put("spark.sql.catalog.fed.defaults.runtime_filter_max_values", options.get("runtime-filter-max-values"));
        }
    }

    private PushdownBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> options = BenchmarkSupport.arguments(args);
        long rows = Long.parseLong(options.getOrDefault("rows", "2000000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));

        PostgresServer pg = BenchmarkSupport.freshDatabase(DB);
        pg.execute(DB,
                "CREATE TABLE customers (id int PRIMARY KEY, name text, country text)",
                "INSERT INTO customers SELECT g, 'customer ' || g, (ARRAY['FI','GB','US','DE','JP'])[1 + g % 5]"
                        + " FROM generate_series(1, 10000) g",
                "CREATE TABLE facts (id bigint, customer_id int, amount numeric(12,2), status text, created date)",
                "INSERT INTO facts SELECT g, 1 + (g * 7919) % 10000, ((g * 104729) % 100000) / 100.0,"
                        + " (ARRAY['paid','open','refund','void'])[1 + g % 4], DATE '2020-01-01' + (g % 1500)::int"
                        + " FROM generate_series(1::bigint, " + rows + ") g",
                "VACUUM ANALYZE customers", "VACUUM ANALYZE facts");

        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "spark.sql.catalog.jdbc", "org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog",
                "spark.sql.catalog.jdbc.url", pg.jdbcUrl(DB),
                "spark.sql.catalog.jdbc.user", pg.user(),
                "spark.sql.catalog.jdbc.password", pg.password(),
                "spark.sql.catalog.jdbc.fetchsize", "10000",
                "spark.sql.catalog.jdbc.pushDownAggregate", "true",
                "spark.sql.catalog.jdbc.pushDownLimit", "true",
                "spark.sql.catalog.jdbc.pushDownOffset", "true",
                "spark.sql.catalog.jdbc.pushDownJoin", "true",
                // Spark 4.1's join pushdown for DSv2 sources (both sides) is off unless this is set
                "spark.sql.optimizer.datasourceV2JoinPushdown", "true"));
        federatedDefaults(options, settings);
        SparkSession spark = BenchmarkSupport.spark("spark-federated pushdown benchmark", pg, DB, settings);

        String parquet = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "bench-pushdown-dim-" + System.nanoTime())
                .toUri().toString();
        spark.sql(DIMENSION).write().parquet(parquet);

        String table = String.format(Locale.ROOT, "### Pushdown workloads: %,d fact rows, 10,000 customers, median of %d%n%n",
                rows, rounds) + BenchmarkSupport.comparePushdown(spark, WORKLOADS, "fed.b", "jdbc.public", parquet, rounds);
        System.out.println();
        System.out.println(table);
        spark.stop();
    }
}
