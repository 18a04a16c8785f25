package io.sparkfederated.benchmarks;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;
import org.postgresql.PGConnection;

import io.sparkfederated.sandbox.PostgresServer;

/**
 * Full-scan throughput, side by side in one JVM: spark-federated (no options) against Spark's
 * built-in JDBC source (one partition, and four partitions with hand-given bounds), with the binary
 * COPY of one PostgreSQL backend as the physical limit. Each scan writes to Spark's {@code noop}
 * sink; the workloads alternate, each runs {@code --rounds} times, and the median is reported, with
 * ratios. Tables: main (bigint, double, text, timestamp, numeric(12,2), bool), wide (50 columns)
 * and narrow (2 columns).
 *
 * <p>Arguments: {@code --rows N} (main and narrow; wide gets N/10; default 5,000,000),
 * {@code --rounds R} (default 5), {@code --tables main,wide,narrow}.
 */
public final class ScanBenchmark {

    private static final String DB = "bench";

    private final PostgresServer pg;
    private final SparkSession spark;
    private final long rows;

    private ScanBenchmark(PostgresServer pg, SparkSession spark, long rows) {
        this.pg = pg;
        this.spark = spark;
        this.rows = rows;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.arguments(args);
        long rows = Long.parseLong(options.getOrDefault("rows", "5000000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        List<String> tables = List.of(options.getOrDefault("tables", "main,wide,narrow").split(","));

        PostgresServer pg = BenchmarkSupport.freshDatabase(DB);
        System.out.printf("PostgreSQL %d on %s:%d, %d cores, Java %s%n", pg.majorVersion(), pg.host(), pg.port(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        SparkSession spark = BenchmarkSupport.spark("spark-federated scan benchmark", pg, DB, Map.of());
        ScanBenchmark bench = new ScanBenchmark(pg, spark, rows);
        StringBuilder report = new StringBuilder();
        for (String table : tables) {
            report.append(bench.run(table.trim(), rounds));
        }
        System.out.println();
        System.out.println(report);
        spark.stop();
    }

    private String run(String kind, int rounds) throws Exception {
        String table = "t_" + kind;
        long n = kind.equals("wide") ? rows / 10 : rows;
        long loadStart = System.nanoTime();
        createTable(kind, table, n);
        long bytes = relationBytes(table);
        System.out.printf("%nloaded %s: %,d rows, %,d MB in %.1f s%n", table, n, bytes >> 20, (System.nanoTime() - loadStart) / 1e9);

        Map<String, Runnable> workloads = new LinkedHashMap<>();
        workloads.put("spark-federated (defaults)", () -> BenchmarkSupport.noop(spark.read().table("fed.b." + table)));
        workloads.put("Spark JDBC, 1 partition", () -> BenchmarkSupport.noop(jdbc(table).load()));
        workloads.put("Spark JDBC, 4 partitions (hand-given bounds)", () -> BenchmarkSupport.noop(jdbc(table)
                .option("partitionColumn", "id").option("lowerBound", "1").option("upperBound", Long.toString(n))
                .option("numPartitions", "4").load()));
        workloads.put("COPY binary, 1 backend, pgjdbc to a null stream", () -> copyLimit(table));

        return BenchmarkSupport.timeScans(String.format(Locale.ROOT, "### %s: %,d rows, %,d MB on disk, median of %d",
                table, n, bytes >> 20, rounds), workloads, rounds);
    }

    private DataFrameReader jdbc(String table) {
        return spark.read().format("jdbc")
                .option("url", pg.jdbcUrl(DB))
                .option("dbtable", table)
                .option("user", pg.user())
                .option("password", pg.password())
                .option("fetchsize", "10000");
    }

    private void copyLimit(String table) {
        try (Connection c = pg.connect(DB)) {
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", OutputStream.nullOutputStream());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void createTable(String kind, String table, long n) {
        String ddl;
        String select;
        switch (kind) {
            case "main" -> {
                ddl = "id bigint, d double precision, s text, ts timestamp, n numeric(12,2), b boolean";
                select = "g, random() * 1000, md5(g::text), timestamp '2020-01-01' + g * interval '1 second',"
                        + " (random() * 10000)::numeric(12,2), g % 2 = 0";
            }
            case "narrow" -> {
                ddl = "id bigint, v int";
                select = "g, (g % 1000)::int";
            }
            case "wide" -> {
                StringBuilder cols = new StringBuilder("id bigint");
                StringBuilder values = new StringBuilder("g");
                String[] types = {"int", "double precision", "text", "numeric(12,2)", "timestamp"};
                String[] exprs = {"(g %% %d)::int", "g * %d.5", "'v' || (g %% %d)", "(g %% %d)::numeric(12,2) / 7",
                    "timestamp '2020-01-01' + (g %% %d) * interval '1 minute'"};
                for (int i = 1; i < 50; i++) {
                    cols.append(", c").append(i).append(' ').append(types[i % types.length]);
                    values.append(", ").append(String.format(Locale.ROOT, exprs[i % exprs.length], 1000 + i));
                }
                ddl = cols.toString();
                select = values.toString();
            }
            default -> throw new IllegalArgumentException("unknown table kind " + kind + " (main, wide, narrow)");
        }
        pg.execute(DB, "DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (" + ddl + ")",
                "INSERT INTO " + table + " SELECT " + select + " FROM generate_series(1, " + n + ") g",
                "VACUUM ANALYZE " + table);
    }

    private long relationBytes(String table) throws Exception {
        try (Connection c = pg.connect(DB); var s = c.createStatement();
             var rs = s.executeQuery("SELECT pg_relation_size('" + table + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static {
        // keep Spark's scratch space out of the working directory
        System.setProperty("spark.local.dir", Path.of(System.getProperty("java.io.tmpdir"), "spark-federated-bench").toString());
        try {
            Files.createDirectories(Path.of(System.getProperty("spark.local.dir")));
        } catch (Exception ignored) {
            // Spark creates it if it can
        }
    }
}
