package io.sparkfederated.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

import io.sparkfederated.sandbox.MariaDbServer;

/**
 * The MySQL engine side by side with Spark's JDBC source (its MySQL dialect) on the sandbox MariaDB,
 * in one JVM: full scans as {@link ScanBenchmark} (spark-federated with no options against Spark JDBC
 * with one partition and with four hand-bounded ones, and one connection's streaming limit), then
 * the pushdown workloads of {@link PushdownBenchmark} against Spark's JDBC v2 catalog.
 *
 * <p>Arguments: {@code --rows N} (main and narrow; wide gets N/10; default 5,000,000),
 * {@code --tables main,wide,narrow}, {@code --fact-rows N} (pushdown, default 2,000,000),
 * {@code --rounds R} (default 5), {@code --parts scan,pushdown}; {@code --pushdown-aggregates} and
 * {@code --runtime-filter-max-values} as for {@link PushdownBenchmark}.
 */
public final class MySqlBenchmark {

    private static final String DB = "bench";

    private final MariaDbServer mysql;
    private final SparkSession spark;

    private MySqlBenchmark(MariaDbServer mysql, SparkSession spark) {
        this.mysql = mysql;
        this.spark = spark;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.arguments(args);
        long rows = Long.parseLong(options.getOrDefault("rows", "5000000"));
        long factRows = Long.parseLong(options.getOrDefault("fact-rows", "2000000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        List<String> tables = List.of(options.getOrDefault("tables", "main,wide,narrow").split(","));
        List<String> parts = List.of(options.getOrDefault("parts", "scan,pushdown").split(","));

        MariaDbServer mysql = MariaDbServer.start();
        mysql.recreateDatabase(DB);
        System.out.printf("MariaDB %s on %s:%d, %d cores, Java %s%n", serverVersion(mysql), mysql.host(), mysql.port(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.local.dir", Path.of(System.getProperty("java.io.tmpdir"), "spark-federated-bench").toString());
        // Spark's JDBC v2 catalog over the same database, with every pushdown it has switched on
        settings.put("spark.sql.catalog.jdbc", "org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog");
        settings.put("spark.sql.catalog.jdbc.url", jdbcUrl(mysql));
        settings.put("spark.sql.catalog.jdbc.user", mysql.user());
        settings.put("spark.sql.catalog.jdbc.password", mysql.password());
        settings.put("spark.sql.catalog.jdbc.fetchsize", "10000");
        for (String pushdown : List.of("pushDownAggregate", "pushDownLimit", "pushDownOffset", "pushDownJoin")) {
            settings.put("spark.sql.catalog.jdbc." + pushdown, "true");
        }
        settings.put("spark.sql.optimizer.datasourceV2JoinPushdown", "true");
        PushdownBenchmark.federatedDefaults(options, settings);
        SparkSession spark = BenchmarkSupport.spark("spark-federated MySQL benchmark", mysql.externalSchemaOptions(DB), settings);
        MySqlBenchmark bench = new MySqlBenchmark(mysql, spark);

        StringBuilder report = new StringBuilder();
        if (parts.contains("scan")) {
            for (String table : tables) {
                report.append(bench.scan(table.trim(), rows, rounds));
            }
        }
        if (parts.contains("pushdown")) {
            report.append(bench.pushdown(factRows, rounds));
        }
        System.out.println();
        System.out.println(report);
        spark.stop();
        mysql.close();
    }

    /** The JDBC URL a Spark JDBC user writes (no TLS on the sandbox server). */
    private static String jdbcUrl(MariaDbServer mysql) {
        return mysql.jdbcUrl(DB) + "?sslMode=DISABLED";
    }

    private String scan(String kind, long rows, int rounds) throws Exception {
        String table = "t_" + kind;
        long n = kind.equals("wide") ? rows / 10 : rows;
        long loadStart = System.nanoTime();
        createTable(kind, table, n);
        long bytes = dataLength(table);
        System.out.printf("%nloaded %s: %,d rows, %,d MB in %.1f s%n", table, n, bytes >> 20, (System.nanoTime() - loadStart) / 1e9);

        Map<String, Runnable> workloads = new LinkedHashMap<>();
        workloads.put("spark-federated (defaults)", () -> BenchmarkSupport.noop(spark.read().table("fed.b." + table)));
        workloads.put("Spark JDBC (MySQL dialect), 1 partition", () -> BenchmarkSupport.noop(jdbc(table).load()));
        workloads.put("Spark JDBC (MySQL dialect), 4 partitions (hand-given bounds)", () -> BenchmarkSupport.noop(jdbc(table)
                .option("partitionColumn", "id").option("lowerBound", "1").option("upperBound", Long.toString(n))
                .option("numPartitions", "4").load()));
        workloads.put("1 connection streaming, Connector/J, rows not decoded", () -> streamingLimit(table));
        return BenchmarkSupport.timeScans(String.format(Locale.ROOT, "### MySQL %s: %,d rows, %,d MB on disk (InnoDB data_length),"
                + " median of %d", table, n, bytes >> 20, rounds), workloads, rounds);
    }

    private DataFrameReader jdbc(String table) {
        return spark.read().format("jdbc")
                .option("url", jdbcUrl(mysql))
                .option("dbtable", table)
                .option("user", mysql.user())
                .option("password", mysql.password())
                .option("fetchsize", "10000");
    }

    /** What one MySQL connection can send: the whole table streamed row by row, values left undecoded. */
    private void streamingLimit(String table) {
        try (Connection c = mysql.connect(DB);
             Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE); // Connector/J's streaming mode
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                while (rs.next()) {
                    // each row is read off the wire; nothing is converted
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void createTable(String kind, String table, long n) {
        String ddl;
        String select;
        switch (kind) {
            case "main" -> {
                ddl = "id bigint PRIMARY KEY, d double, s varchar(32), ts datetime, n decimal(12,2), b boolean";
                select = "seq, RAND() * 1000, MD5(seq), TIMESTAMP '2020-01-01 00:00:00' + INTERVAL seq SECOND,"
                        + " RAND() * 10000, seq % 2 = 0";
            }
            case "narrow" -> {
                ddl = "id bigint PRIMARY KEY, v int";
                select = "seq, seq % 1000";
            }
            case "wide" -> {
                StringBuilder cols = new StringBuilder("id bigint PRIMARY KEY");
                StringBuilder values = new StringBuilder("seq");
                String[] types = {"int", "double", "varchar(32)", "decimal(12,2)", "datetime"};
                String[] exprs = {"seq %% %d", "seq * %d.5", "CONCAT('v', seq %% %d)", "(seq %% %d) / 7",
                    "TIMESTAMP '2020-01-01 00:00:00' + INTERVAL (seq %% %d) MINUTE"};
                for (int i = 1; i < 50; i++) {
                    cols.append(", c").append(i).append(' ').append(types[i % types.length]);
                    values.append(", ").append(String.format(Locale.ROOT, exprs[i % exprs.length], 1000 + i));
                }
                ddl = cols.toString();
                select = values.toString();
            }
            default -> throw new IllegalArgumentException("unknown table kind " + kind + " (main, wide, narrow)");
        }
        mysql.execute(DB, "DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (" + ddl + ") ENGINE=InnoDB");
        insertInChunks(table, select, n);
        mysql.execute(DB, "ANALYZE TABLE " + table);
    }

    /** INSERT … SELECT from MariaDB's sequence engine, a million rows per transaction. */
    private void insertInChunks(String table, String select, long n) {
        for (long from = 1; from <= n; from += 1_000_000) {
            long to = Math.min(n, from + 999_999);
            mysql.execute(DB, "INSERT INTO " + table + " SELECT " + select + " FROM seq_" + from + "_to_" + to);
        }
    }

    private long dataLength(String table) throws Exception {
        try (Connection c = mysql.connect(DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT data_length FROM information_schema.tables WHERE table_schema = '" + DB
                     + "' AND table_name = '" + table + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String pushdown(long factRows, int rounds) {
        mysql.execute(DB,
                "DROP TABLE IF EXISTS customers", "DROP TABLE IF EXISTS facts",
                "CREATE TABLE customers (id int PRIMARY KEY, name varchar(64), country char(2))",
                "INSERT INTO customers SELECT seq, CONCAT('customer ', seq), ELT(1 + seq % 5, 'FI', 'GB', 'US', 'DE', 'JP')"
                        + " FROM seq_1_to_10000",
                "CREATE TABLE facts (id bigint PRIMARY KEY, customer_id int, amount decimal(12,2), status varchar(16), created date)");
        insertInChunks("facts", "seq, 1 + (seq * 7919) % 10000, ((seq * 104729) % 100000) / 100.0,"
                + " ELT(1 + seq % 4, 'paid', 'open', 'refund', 'void'), DATE '2020-01-01' + INTERVAL (seq % 1500) DAY", factRows);
        mysql.execute(DB, "ANALYZE TABLE customers", "ANALYZE TABLE facts");
        String parquet = Path.of(System.getProperty("java.io.tmpdir"), "bench-mysql-dim-" + System.nanoTime()).toUri().toString();
        spark.sql(PushdownBenchmark.DIMENSION).write().parquet(parquet);
        return String.format(Locale.ROOT, "### MySQL pushdown workloads: %,d fact rows, 10,000 customers, median of %d%n%n",
                factRows, rounds)
                + BenchmarkSupport.comparePushdown(spark, PushdownBenchmark.WORKLOADS, "fed.b", "jdbc." + DB, parquet, rounds) + "\n";
    }

    private static String serverVersion(MariaDbServer mysql) throws Exception {
        try (Connection c = mysql.connect(DB); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
