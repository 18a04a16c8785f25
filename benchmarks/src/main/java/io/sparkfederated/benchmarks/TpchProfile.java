package io.sparkfederated.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.metric.SQLMetric;

import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.spark.ScalaCollections;

/**
 * A query's profile after it ran: Spark's executed plan with each operator's metrics (rows, times),
 * and for each federated scan the remote statement as it ran (runtime filters included) under
 * PostgreSQL's {@code EXPLAIN (ANALYZE, BUFFERS)}.
 */
final class TpchProfile {

    /** "Federated <schema> [...] RemoteSQL: <sql>" up to the next field of the scan's description. */
    private static final Pattern REMOTE_SQL = Pattern.compile(
            "Federated (\\w+) \\[.*?\\] RemoteSQL: (.*?)(?: (?:ReadMethod|Joins|JoinPushdown): .*)?$",
            Pattern.DOTALL);

    private TpchProfile() {
    }

    /**
     * @param databases the PostgreSQL database behind each external schema (Redshift's endpoint forwards to one too)
     */
    static void print(String title, SparkPlan plan, PostgresServer pg, Map<String, String> databases) {
        StringBuilder out = new StringBuilder("---- profile of " + title + "\n");
        walk(plan, 0, out, pg, databases);
        System.out.println(out);
    }

    private static void walk(SparkPlan plan, int depth, StringBuilder out, PostgresServer pg, Map<String, String> databases) {
        if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            walk(adaptive.executedPlan(), depth, out, pg, databases);
            return;
        }
        if (plan instanceof QueryStageExec stage) {
            walk(stage.plan(), depth, out, pg, databases);
            return;
        }
        out.append("  ".repeat(depth)).append(plan.nodeName()).append(metrics(plan)).append('\n');
        if (plan.children().isEmpty()) {
            Matcher m = REMOTE_SQL.matcher(plan.simpleStringWithNodeId().isEmpty() ? "" : scanDescription(plan));
            if (m.find() && databases.containsKey(m.group(1))) {
                out.append(explainAnalyze(pg, databases.get(m.group(1)), m.group(2).trim(), "  ".repeat(depth + 2)));
            }
        }
        for (SparkPlan child : ScalaCollections.asJava(plan.children())) {
            walk(child, depth + 1, out, pg, databases);
        }
        for (SparkPlan sub : ScalaCollections.asJava(plan.subqueries())) {
            walk(sub, depth + 1, out, pg, databases);
        }
    }

    private static String scanDescription(SparkPlan plan) {
        return plan instanceof org.apache.spark.sql.execution.datasources.v2.BatchScanExec scan ? scan.scan().description() : "";
    }

    private static String metrics(SparkPlan plan) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, SQLMetric> e : ScalaCollections.asJava(plan.metrics()).entrySet()) {
            long value = e.getValue().value();
            if (value > 0) {
                s.append(s.length() == 0 ? " {" : ", ").append(e.getKey()).append('=').append(value);
            }
        }
        return s.length() == 0 ? "" : s.append('}').toString();
    }

    /**
     * The remote statements the connector sent since {@code startMillis} (the query's start), from its
     * query log: when each began (ms after the start), how long it took, where it ran (the driver:
     * no stage), what it read. Shows the driver's fixed cost per query (estimates, snapshot, planning)
     * against the tasks' reads.
     */
    static void printRemoteStatements(org.apache.spark.sql.SparkSession spark, long startMillis) {
        StringBuilder out = new StringBuilder("  remote statements (ms after the query's start, duration ms, stage, method, rows, SQL):\n");
        for (org.apache.spark.sql.Row r : spark.sql("SELECT recordtime, duration, stage_id, read_method, num_rows, querytext"
                + " FROM fed.pg_catalog.svl_federated_query ORDER BY recordtime").collectAsList()) {
            long at = toMillis(r.get(0)) - startMillis;
            if (at < 0) {
                continue;
            }
            String text = String.valueOf(r.get(5)).replaceAll("\\s+", " ");
            out.append(String.format(java.util.Locale.ROOT, "    %6d %7.1f %5s %-8s %9s  %s%n", at, r.getLong(1) / 1000.0,
                    r.isNullAt(2) ? "drv" : String.valueOf(r.get(2)), r.get(3), r.isNullAt(4) ? "" : String.valueOf(r.get(4)),
                    text.substring(0, Math.min(110, text.length()))));
        }
        System.out.println(out);
    }

    /**
     * How long PostgreSQL alone takes to produce the COPY streams the connector read since
     * {@code startMillis}: the same statements (runtime filters and split ranges included), all at
     * once on connections of their own, each written to a null stream. Against the seconds those
     * statements were in flight during the query, it shows whether the database's COPY output is what
     * the read waited for.
     */
    static void printRawCopy(org.apache.spark.sql.SparkSession spark, PostgresServer pg, long startMillis, long endMillis) {
        List<String[]> copies = new java.util.ArrayList<>();
        for (org.apache.spark.sql.Row r : spark.sql("SELECT recordtime, databasename, querytext FROM fed.pg_catalog.svl_federated_query"
                + " WHERE read_method = 'COPY'").collectAsList()) {
            long at = toMillis(r.get(0));
            if (at >= startMillis && at <= endMillis) {
                copies.add(new String[] {r.getString(1), r.getString(2)});
            }
        }
        if (copies.isEmpty()) {
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(copies.size());
        long t0 = System.nanoTime();
        try {
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (String[] copy : copies) {
                runs.add(pool.submit(() -> {
                    try (Connection c = pg.connect(copy[0])) {
                        c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(copy[1], java.io.OutputStream.nullOutputStream());
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> run : runs) {
                run.get();
            }
            System.out.printf(java.util.Locale.ROOT, "  PostgreSQL alone, the query's %d COPY streams at once into null streams: %.2f s%n",
                    copies.size(), (System.nanoTime() - t0) / 1e9);
        } catch (Exception e) {
            System.out.println("  raw COPY failed: " + e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Seconds of [startMillis, endMillis] in which no remote statement of the connector was in flight
     * (the union of its statements' [sent, read to the end] intervals, from the query log, taken out).
     * A statement's interval includes the time Spark spent consuming its rows, so this is the part of
     * the query that no faster read could remove: JDBC's time divided by it bounds the ratio from above.
     */
    static double secondsWithoutRemoteWork(org.apache.spark.sql.SparkSession spark, long startMillis, long endMillis) {
        List<double[]> intervals = new java.util.ArrayList<>();
        for (org.apache.spark.sql.Row r : spark.sql("SELECT recordtime, duration FROM fed.pg_catalog.svl_federated_query")
                .collectAsList()) {
            double from = Math.max(toMillis(r.get(0)), startMillis);
            double to = Math.min(toMillis(r.get(0)) + r.getLong(1) / 1000.0, endMillis);
            if (to > from) {
                intervals.add(new double[] {from, to});
            }
        }
        intervals.sort(java.util.Comparator.comparingDouble(i -> i[0]));
        double covered = 0;
        double reach = startMillis;
        for (double[] i : intervals) {
            if (i[1] > reach) {
                covered += i[1] - Math.max(i[0], reach);
                reach = i[1];
            }
        }
        return (endMillis - startMillis - covered) / 1000.0;
    }

    private static long toMillis(Object time) {
        if (time instanceof java.time.Instant instant) {
            return instant.toEpochMilli();
        }
        if (time instanceof java.time.LocalDateTime local) {
            return local.atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
        }
        return ((java.sql.Timestamp) time).getTime();
    }

    private static String explainAnalyze(PostgresServer pg, String database, String sql, String indent) {
        StringBuilder s = new StringBuilder(indent).append("remote SQL: ").append(sql).append('\n');
        try (Connection c = pg.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            while (rs.next()) {
                s.append(indent).append(rs.getString(1)).append('\n');
            }
        } catch (SQLException e) {
            s.append(indent).append("EXPLAIN ANALYZE failed: ").append(e.getMessage()).append('\n');
        }
        return s.toString();
    }
}
