package io.sparkfederated.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
import io.sparkfederated.sandbox.LocalS3;
import io.sparkfederated.sandbox.MariaDbServer;
import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.sandbox.RedshiftEndpoint;
import io.sparkfederated.sandbox.TpchLoader;
import io.trino.tpch.TpchTable;
import io.sparkfederated.spark.ScalaCollections;

/**
 * A federated TPC-H: {@code lineitem} and {@code orders} in PostgreSQL, {@code customer},
 * {@code nation} and {@code region} behind the Redshift-compatible endpoint, {@code part},
 * {@code partsupp} and {@code supplier} as Parquet on the sandbox S3. All 22 queries run through
 * spark-federated and through Spark's JDBC v2 catalog (same split, same Parquet), alternating, and
 * every answer is checked against Spark on local Parquet of the same data. Reports per-query times,
 * their ratio, and the rows each side received from the databases.
 *
 * <p>{@code --mysql orders,customer} moves those tables into the sandbox MariaDB instead (engine
 * {@code mysql}; the JDBC side reads them with Spark's MySQL dialect); their reference Parquet is
 * written from a PostgreSQL copy, so the MySQL read path is checked too.
 *
 * <p>Arguments: {@code --sf 0.1} (scale factor), {@code --rounds 1} (timed runs after a warm-up),
 * {@code --mysql t1,t2} (none by default), {@code --types spec|double} (TPC-H's own column types,
 * the default, or prices as {@code double precision} and all text {@code varchar}; see
 * {@link TpchLoader.Types}), {@code --queries 12,14} (only these), {@code --pushdown-joins auto|always|never}
 * and {@code --pushdown-aggregates auto|always|never} (the federated side's {@code pushdown_joins} and
 * {@code pushdown_aggregates}), {@code --profile 12,14} (print each side's plan with its
 * operators' metrics and PostgreSQL's {@code EXPLAIN ANALYZE} of every remote statement).
 *
 * <p>Parquet has no {@code CHAR(n)}: the S3 tables and the reference copies hold {@code CHAR(n)}
 * values without their blank padding, and answers compare strings with trailing blanks
 * insignificant, as SQL compares {@code CHAR(n)}.
 */
public final class TpchFederatedBenchmark {

    private static final List<String> PG_TABLES = List.of("lineitem", "orders");
    private static final List<String> REDSHIFT_TABLES = List.of("customer", "nation", "region");
    private static final List<String> S3_TABLES = List.of("part", "partsupp", "supplier");
    private static final String MYSQL_DB = "tpch_my";

    private TpchFederatedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchmarkSupport.arguments(args);
        double sf = Double.parseDouble(options.getOrDefault("sf", "0.1"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));
        // --explain 17,18: print the federated side's executed plan of these queries (runtime filters, remote SQL)
        java.util.Set<Integer> explain = queryNumbers(options.getOrDefault("explain", ""));
        // --profile 12,14: after the timed run, each side's plan with operator metrics and EXPLAIN ANALYZE of the remote SQL
        java.util.Set<Integer> profile = queryNumbers(options.getOrDefault("profile", ""));
        // --queries 12,14: only these (default: all 22)
        java.util.Set<Integer> only = queryNumbers(options.getOrDefault("queries", ""));

        TpchLoader.Types types = TpchLoader.Types.valueOf(options.getOrDefault("types", "spec").toUpperCase(Locale.ROOT));
        List<String> mysqlTables = List.of(options.getOrDefault("mysql", "").split(",")).stream()
                .map(String::trim).filter(t -> !t.isEmpty()).toList();
        List<String> pgTables = PG_TABLES.stream().filter(t -> !mysqlTables.contains(t)).toList();
        List<String> redshiftTables = REDSHIFT_TABLES.stream().filter(t -> !mysqlTables.contains(t)).toList();
        List<String> s3Tables = S3_TABLES.stream().filter(t -> !mysqlTables.contains(t)).toList();

        System.out.println("Loading TPC-H at scale factor " + sf + ", " + types + " types ...");
        PostgresServer pg = BenchmarkSupport.freshDatabase("tpch_pg");
        pg.recreateDatabase("tpch_rs");
        pg.recreateDatabase("tpch_src");
        TpchLoader.load(pg, "tpch_pg", sf, types, tpchTables(pgTables));
        TpchLoader.load(pg, "tpch_rs", sf, types, tpchTables(redshiftTables));
        // tpch_src: what S3 gets, and the reference copy of the MySQL tables
        List<String> sourceTables = new ArrayList<>(s3Tables);
        sourceTables.addAll(mysqlTables);
        TpchLoader.load(pg, "tpch_src", sf, types, tpchTables(sourceTables));
        MariaDbServer mysql = null;
        if (!mysqlTables.isEmpty()) {
            mysql = MariaDbServer.start();
            mysql.recreateDatabase(MYSQL_DB);
            TpchLoader.load(mysql, MYSQL_DB, sf, types, tpchTables(mysqlTables));
        }
        RedshiftEndpoint redshift = RedshiftEndpoint.start(pg);
        LocalS3 s3 = LocalS3.start();
        s3.createBucket("tpch");

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.sql.optimizer.datasourceV2JoinPushdown", "true");
        settings.put("spark.sql.shuffle.partitions", "8");
        // --pushdown-joins auto|always|never: the federated catalog's default for pushdown_joins
        settings.put("spark.sql.catalog.fed.defaults.pushdown_joins", options.getOrDefault("pushdown-joins", "auto"));
        settings.put("spark.sql.catalog.fed.defaults.pushdown_aggregates", options.getOrDefault("pushdown-aggregates", "auto"));
        putSchema(settings, "pg", Map.of("engine", "postgres", "uri", pg.host(), "port", Integer.toString(pg.port()),
                "database", "tpch_pg", "user", pg.user(), "password", pg.password()));
        putSchema(settings, "rs", Map.of("engine", "redshift", "uri", redshift.host(), "port", Integer.toString(redshift.port()),
                "database", "tpch_rs", "user", redshift.user(), "password", redshift.password()));
        putSchema(settings, "src", Map.of("engine", "postgres", "uri", pg.host(), "port", Integer.toString(pg.port()),
                "database", "tpch_src", "user", pg.user(), "password", pg.password()));
        if (mysql != null) {
            putSchema(settings, "my", mysql.externalSchemaOptions(MYSQL_DB));
            settings.put("spark.sql.catalog.jdbcmy", "org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog");
            settings.put("spark.sql.catalog.jdbcmy.url", mysql.jdbcUrl(MYSQL_DB) + "?sslMode=DISABLED");
            settings.put("spark.sql.catalog.jdbcmy.user", mysql.user());
            settings.put("spark.sql.catalog.jdbcmy.password", mysql.password());
            settings.put("spark.sql.catalog.jdbcmy.fetchsize", "10000");
            for (String pushdown : List.of("pushDownAggregate", "pushDownLimit", "pushDownOffset", "pushDownJoin")) {
                settings.put("spark.sql.catalog.jdbcmy." + pushdown, "true");
            }
        }
        for (String[] jdbc : new String[][] {{"jdbcpg", "tpch_pg"}, {"jdbcrs", "tpch_rs"}}) {
            String prefix = "spark.sql.catalog." + jdbc[0];
            settings.put(prefix, "org.apache.spark.sql.execution.datasources.v2.jdbc.JDBCTableCatalog");
            settings.put(prefix + ".url", pg.jdbcUrl(jdbc[1]));
            settings.put(prefix + ".user", pg.user());
            settings.put(prefix + ".password", pg.password());
            settings.put(prefix + ".fetchsize", "10000");
            settings.put(prefix + ".pushDownAggregate", "true");
            settings.put(prefix + ".pushDownLimit", "true");
            settings.put(prefix + ".pushDownOffset", "true");
            settings.put(prefix + ".pushDownJoin", "true");
        }
        s3.s3aSettings().forEach((k, v) -> settings.put("spark.hadoop." + k, v));
        SparkSession spark = BenchmarkSupport.spark("spark-federated federated TPC-H", pg, "tpch_pg", settings);

        Path local = Files.createTempDirectory("tpch-reference-");
        for (String table : s3Tables) {
            withoutPadding(spark.table("fed.src." + table)).write().parquet("s3a://tpch/" + table + "/");
        }
        Map<String, String> reference = new LinkedHashMap<>();
        Map<String, String> federated = new LinkedHashMap<>();
        Map<String, String> jdbc = new LinkedHashMap<>();
        for (String table : pgTables) {
            federated.put(table, "fed.pg." + table);
            jdbc.put(table, "jdbcpg.public." + table);
        }
        for (String table : redshiftTables) {
            federated.put(table, "fed.rs." + table);
            jdbc.put(table, "jdbcrs.public." + table);
        }
        for (String table : s3Tables) {
            federated.put(table, "parquet.`s3a://tpch/" + table + "/`");
            jdbc.put(table, "parquet.`s3a://tpch/" + table + "/`");
        }
        for (String table : mysqlTables) {
            federated.put(table, "fed.my." + table);
            jdbc.put(table, "jdbcmy." + MYSQL_DB + "." + table);
        }
        for (Map.Entry<String, String> e : federated.entrySet()) {
            String path = local.resolve(e.getKey()).toUri().toString();
            String source = mysqlTables.contains(e.getKey()) ? "fed.src." + e.getKey() : e.getValue();
            withoutPadding(spark.sql("SELECT * FROM " + source)).write().parquet(path);
            reference.put(e.getKey(), "parquet.`" + path + "`");
        }

        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "### Federated TPC-H, scale factor %s, %s types: %s in PostgreSQL; %s via the Redshift endpoint; %s as Parquet on S3%s"
                        + " (median of %d after a warm-up)%n%n"
                        + "| query | spark-federated s | Spark JDBC v2 s | JDBC ÷ federated | federated s with no remote statement in flight"
                        + " | JDBC ÷ that (the most a faster remote side could give) | rows from databases: federated"
                        + " | rows from databases: JDBC | answer (federated / JDBC) |%n|---|---:|---:|---:|---:|---:|---:|---:|---|%n",
                sf, types.name().toLowerCase(Locale.ROOT), String.join(", ", pgTables), String.join(", ", redshiftTables), String.join(", ", s3Tables),
                mysqlTables.isEmpty() ? "" : "; " + String.join(", ", mysqlTables) + " in MySQL (MariaDB)", rounds));
        List<Double> ratios = new ArrayList<>();
        int correct = 0;
        for (int q = 1; q <= 22; q++) {
            if (!only.isEmpty() && !only.contains(q)) {
                continue;
            }
            String sql = query(q);
            List<Row> expected = run(spark, reference, sql).collectAsList();
            Map<String, List<Double>> times = new LinkedHashMap<>();
            // the federated runs' seconds with no remote statement in flight (see TpchProfile.secondsWithoutRemoteWork)
            List<Double> sparkOnly = new ArrayList<>();
            Map<String, Long> rows = new LinkedHashMap<>();
            Map<String, String> answers = new LinkedHashMap<>();
            for (int round = -1; round < rounds; round++) {
                for (Map.Entry<String, Map<String, String>> side : List.of(Map.entry("federated", federated), Map.entry("jdbc", jdbc))) {
                    long start = System.nanoTime();
                    long startMillis = System.currentTimeMillis();
                    Dataset<Row> df = run(spark, side.getValue(), sql);
                    List<Row> actual;
                    try {
                        actual = df.collectAsList();
                    } catch (Exception e) { // reported, not fatal (SparkException is checked, thrown unchecked)
                        String message = String.valueOf(e.getMessage());
                        answers.put(side.getKey(), "FAILED: " + message.substring(0, Math.min(80, message.length())));
                        System.out.println("Q" + q + " " + side.getKey() + " failed: " + e);
                        continue;
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long endMillis = System.currentTimeMillis();
                    boolean timedFederated = round >= 0 && side.getKey().equals("federated");
                    double withoutRemoteWork = timedFederated
                            ? TpchProfile.secondsWithoutRemoteWork(spark, startMillis, endMillis) : Double.NaN;
                    if (timedFederated) {
                        sparkOnly.add(withoutRemoteWork);
                    }
                    if (round >= 0 && side.getKey().equals("federated") && explain.contains(q)) {
                        System.out.println("Q" + q + " (federated), executed plan:\n" + df.queryExecution().executedPlan().treeString());
                    }
                    if (round == rounds - 1 && profile.contains(q)) {
                        TpchProfile.print("Q" + q + " " + side.getKey() + String.format(Locale.ROOT, " (%.2f s)", seconds),
                                df.queryExecution().executedPlan(), pg, Map.of("pg", "tpch_pg", "rs", "tpch_rs", "src", "tpch_src"));
                        if (side.getKey().equals("federated")) {
                            TpchProfile.printRemoteStatements(spark, startMillis);
                            System.out.printf(Locale.ROOT, "  remote statements in flight: %.2f s of %.2f s%n",
                                    seconds - withoutRemoteWork, seconds);
                            TpchProfile.printRawCopy(spark, pg, startMillis, endMillis);
                        }
                    }
                    if (round >= 0) {
                        times.computeIfAbsent(side.getKey(), k -> new ArrayList<>()).add(seconds);
                        rows.put(side.getKey(), databaseRows(df.queryExecution().executedPlan()));
                        answers.put(side.getKey(), compare(expected, actual));
                    }
                }
            }
            double f = times.containsKey("federated") ? BenchmarkSupport.median(times.get("federated")) : Double.NaN;
            double j = times.containsKey("jdbc") ? BenchmarkSupport.median(times.get("jdbc")) : Double.NaN;
            if (!Double.isNaN(f) && !Double.isNaN(j)) {
                ratios.add(j / f);
            }
            if (answers.get("federated").startsWith("correct")) {
                correct++;
            }
            double idle = sparkOnly.isEmpty() ? Double.NaN : BenchmarkSupport.median(sparkOnly);
            table.append(String.format(Locale.ROOT, "| Q%d | %.2f | %.2f | %.2f× | %.2f | %.2f× | %,d | %,d | %s / %s |%n", q, f, j,
                    j / f, idle, j / idle, rows.get("federated"), rows.get("jdbc"), answers.get("federated"), answers.get("jdbc")));
            System.out.printf(Locale.ROOT, "Q%d: federated %.2f s, JDBC %.2f s, %s%n", q, f, j, answers.get("federated"));
        }
        double geomean = Math.exp(ratios.stream().mapToDouble(Math::log).average().orElse(0));
        table.append(String.format(Locale.ROOT, "%nGeometric mean of JDBC ÷ federated (over the %d queries both ran): %.2f×;"
                + " federated answers correct: %d of %d%n", ratios.size(), geomean, correct, only.isEmpty() ? 22 : only.size()));
        System.out.println();
        System.out.println(table);
        spark.stop();
        if (mysql != null) {
            mysql.close();
        }
    }

    private static java.util.Set<Integer> queryNumbers(String list) {
        java.util.Set<Integer> numbers = new java.util.HashSet<>();
        for (String q : list.split(",")) {
            if (!q.isBlank()) {
                numbers.add(Integer.parseInt(q.trim()));
            }
        }
        return numbers;
    }

    private static TpchTable<?>[] tpchTables(List<String> names) {
        return names.stream().map(TpchTable::getTable).toArray(TpchTable<?>[]::new);
    }

    /** The rows with {@code CHAR(n)} columns' blank padding removed (Parquet has no fixed-length strings). */
    private static Dataset<Row> withoutPadding(Dataset<Row> rows) {
        for (String column : rows.columns()) {
            if (TpchLoader.CHAR_COLUMNS.contains(column)) {
                rows = rows.withColumn(column, org.apache.spark.sql.functions.rtrim(rows.col(column)));
            }
        }
        return rows;
    }

    private static void putSchema(Map<String, String> settings, String schema, Map<String, String> options) {
        options.forEach((k, v) -> settings.put("spark.sql.catalog.fed.schemas." + schema + "." + k, v));
    }

    private static String query(int q) throws IOException {
        try (InputStream in = TpchFederatedBenchmark.class.getResourceAsStream(String.format("tpch/q%02d.sql", q))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The query over one placement of the tables (temporary views named as TPC-H's tables). */
    private static Dataset<Row> run(SparkSession spark, Map<String, String> tables, String sql) {
        tables.forEach((name, source) -> spark.sql("CREATE OR REPLACE TEMP VIEW " + name + " AS SELECT * FROM " + source));
        return spark.sql(sql);
    }

    /** "correct" when equal (doubles to 1e-9 relative); "correct (ties reordered)" when equal once sorted. */
    static String compare(List<Row> expected, List<Row> actual) {
        if (rowsEqual(expected, actual)) {
            return "correct";
        }
        Comparator<Row> byText = Comparator.comparing(Row::toString);
        List<Row> e = new ArrayList<>(expected);
        List<Row> a = new ArrayList<>(actual);
        e.sort(byText);
        a.sort(byText);
        return rowsEqual(e, a) ? "correct (ties reordered)" : "DIFFERENT (" + actual.size() + " rows, expected " + expected.size() + ")";
    }

    private static boolean rowsEqual(List<Row> expected, List<Row> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            Row x = expected.get(i);
            Row y = actual.get(i);
            if (x.size() != y.size()) {
                return false;
            }
            for (int c = 0; c < x.size(); c++) {
                if (!valueEqual(x.get(c), y.get(c))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean valueEqual(Object x, Object y) {
        if (x == null || y == null) {
            return x == y;
        }
        if (x instanceof Double || x instanceof Float) {
            double a = ((Number) x).doubleValue();
            double b = ((Number) y).doubleValue();
            return a == b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
        }
        if (x instanceof BigDecimal a && y instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        if (x instanceof String a && y instanceof String b) { // CHAR(n) semantics: trailing blanks do not count
            return a.stripTrailing().equals(b.stripTrailing());
        }
        return x.equals(y);
    }

    /** Rows the plan's database scans (federated or JDBC, not Parquet files) received. */
    private static long databaseRows(SparkPlan plan) {
        if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            return databaseRows(adaptive.executedPlan());
        }
        long rows = 0;
        if (plan instanceof org.apache.spark.sql.execution.adaptive.QueryStageExec stage) {
            return databaseRows(stage.plan());
        }
        boolean databaseScan = plan.children().isEmpty() && !(plan instanceof org.apache.spark.sql.execution.FileSourceScanExec)
                && (plan.nodeName().startsWith("BatchScan") || plan.nodeName().contains("Scan JDBC")
                || plan.nodeName().startsWith("Scan "));
        if (databaseScan && plan.metrics().contains("numOutputRows")) {
            rows += plan.metrics().get("numOutputRows").get().value();
        }
        for (SparkPlan child : ScalaCollections.asJava(plan.children())) {
            rows += databaseRows(child);
        }
        for (SparkPlan sub : ScalaCollections.asJava(plan.subqueries())) {
            rows += databaseRows(sub);
        }
        return rows;
    }
}
