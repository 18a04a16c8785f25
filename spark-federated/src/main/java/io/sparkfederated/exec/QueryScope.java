package io.sparkfederated.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-side resources that live exactly as long as one Spark SQL execution (one query run), such
 * as a remote transaction holding an exported snapshot. Whatever way the execution ends (success,
 * failure, cancellation), Spark posts {@link SparkListenerSQLExecutionEnd} and the resources close;
 * they also close when the application ends or the JVM exits.
 */
public final class QueryScope {

    private static final Logger LOG = LoggerFactory.getLogger(QueryScope.class);
    private static final String EXECUTION_ID = "spark.sql.execution.id";
    private static final Map<Long, Map<String, AutoCloseable>> OPEN = new HashMap<>();
    private static SparkContext listenedContext;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(QueryScope::closeAll, "spark-federated-query-scope"));
    }

    private QueryScope() {
    }

    /**
     * The resource stored under {@code key} for the current SQL execution, opened on first use; or
     * null when the caller is not inside a SQL execution (then nothing is kept).
     */
    public static synchronized <T extends AutoCloseable> T getOrOpen(String key, Supplier<T> opener) {
        SparkSession session = SparkSession.getActiveSession().getOrElse(() -> null);
        if (session == null) {
            return null;
        }
        SparkContext context = session.sparkContext();
        String id = context.getLocalProperty(EXECUTION_ID);
        if (id == null) {
            return null;
        }
        listenTo(context);
        Map<String, AutoCloseable> resources = OPEN.computeIfAbsent(Long.parseLong(id), k -> new LinkedHashMap<>());
        @SuppressWarnings("unchecked")
        T resource = (T) resources.get(key);
        if (resource == null) {
            resource = opener.get();
            resources.put(key, resource);
        }
        return resource;
    }

    /** The id of the SQL execution the caller (driver or task) runs in, or null. */
    public static String currentExecution() {
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        if (task != null) {
            return task.getLocalProperty(EXECUTION_ID);
        }
        SparkSession session = SparkSession.getActiveSession().getOrElse(() -> null);
        return session == null ? null : session.sparkContext().getLocalProperty(EXECUTION_ID);
    }

    /** How many resources are open (for tests). */
    public static synchronized int openCount() {
        return OPEN.values().stream().mapToInt(Map::size).sum();
    }

    private static void listenTo(SparkContext context) {
        if (listenedContext == context) {
            return;
        }
        listenedContext = context;
        context.addSparkListener(new SparkListener() {
            @Override
            public void onOtherEvent(SparkListenerEvent event) {
                if (event instanceof SparkListenerSQLExecutionEnd end) {
                    closeExecution(end.executionId());
                }
            }

            @Override
            public void onApplicationEnd(SparkListenerApplicationEnd end) {
                closeAll();
            }
        });
    }

    private static void closeExecution(long executionId) {
        Map<String, AutoCloseable> resources;
        synchronized (QueryScope.class) {
            resources = OPEN.remove(executionId);
        }
        if (resources != null) {
            resources.values().forEach(QueryScope::closeQuietly);
        }
    }

    static void closeAll() {
        List<AutoCloseable> all = new ArrayList<>();
        synchronized (QueryScope.class) {
            OPEN.values().forEach(m -> all.addAll(m.values()));
            OPEN.clear();
        }
        all.forEach(QueryScope::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", resource, e.toString());
        }
    }
}
