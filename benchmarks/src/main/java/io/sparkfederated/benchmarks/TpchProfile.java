package io.sparkfederated.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
