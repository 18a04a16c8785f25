package io.sparkfederated.exec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.util.TaskCompletionListener;

import io.sparkfederated.config.ExternalSchema;

/**
 * The log of remote statements (the {@code svl_federated_query} table): where engines record every
 * statement they run. On the driver a statement goes straight into the driver's bounded log and is
 * posted to Spark's listener bus ({@link RemoteStatementEvent}, kept by the event log). In a task it
 * goes into the task's copy of the {@link StatementCollector} accumulator, which Spark returns to the
 * driver with the task's result, also when the task fails; the driver's copy logs and posts it.
 */
public final class RemoteStatementLog {

    /** Spark setting: most statements the driver keeps (the oldest are dropped). */
    public static final String SIZE_CONF = "spark.federated.query_log_size";
    public static final int DEFAULT_SIZE = 10_000;

    private static final StatementRing DRIVER_LOG = new StatementRing();
    /** The collector of each running task of this JVM that reads through a federated scan, by task attempt. */
    private static final Map<Long, StatementCollector> TASKS = new ConcurrentHashMap<>();

    private RemoteStatementLog() {
    }

    /** Starts timing {@code sql}, run for {@code schema}; {@link LoggedStatement#finish} records it. */
    public static LoggedStatement start(ExternalSchema schema, RemoteStatement.Method method, String sql) {
        TaskContext task = TaskContext.get();
        if (task != null) {
            StatementCollector collector = TASKS.get(task.taskAttemptId());
            return new LoggedStatement(collector != null ? collector::add : RemoteStatementLog::record, schema, method, sql,
                    executionId(task.getLocalProperty(QueryScope.EXECUTION_ID)), task);
        }
        SparkContext context = activeContext();
        return new LoggedStatement(RemoteStatementLog::record, schema, method, sql,
                context == null ? null : executionId(context.getLocalProperty(QueryScope.EXECUTION_ID)), null);
    }

    /** A statement's work, which may fail. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code work}, the statement {@code sql}, and records it: ok, or failed with what it threw. */
    public static <T, E extends Exception> T call(ExternalSchema schema, RemoteStatement.Method method, String sql,
                                                  Work<T, E> work) throws E {
        LoggedStatement statement = start(schema, method, sql);
        try {
            return work.run();
        } catch (Exception | Error e) {
            statement.failed(e);
            throw e;
        } finally {
            statement.finish();
        }
    }

    /**
     * {@code factory} with the driver's collector: its readers' statements reach this log. Call on
     * the driver, where Spark plans the scan.
     */
    public static PartitionReaderFactory collecting(PartitionReaderFactory factory) {
        SparkContext context = activeContext();
        return context == null ? factory : new LoggedReaderFactory(factory, StatementCollector.of(context));
    }

    /** The statements the driver keeps, oldest first. */
    public static List<RemoteStatement> entries() {
        return DRIVER_LOG.entries();
    }

    /** Makes {@code collector} (its copy in the current task) the one the task's statements go to. */
    static void bind(StatementCollector collector) {
        TaskContext task = TaskContext.get();
        if (task != null && TASKS.putIfAbsent(task.taskAttemptId(), collector) == null) {
            long id = task.taskAttemptId();
            task.addTaskCompletionListener((TaskCompletionListener) t -> TASKS.remove(id));
        }
    }

    /** Keeps a finished statement in the driver's log and posts it on the listener bus. */
    static void record(RemoteStatement statement) {
        SparkContext context = activeContext();
        DRIVER_LOG.add(statement, size());
        if (context != null && !context.isStopped()) {
            context.listenerBus().post(new RemoteStatementEvent(statement));
        }
    }

    /** The bound on the driver's log: {@value #SIZE_CONF} of the session (set at run time or in the Spark conf). */
    private static int size() {
        SparkSession session = session();
        String value = session == null ? null : session.conf().get(SIZE_CONF, null);
        try {
            return value == null ? DEFAULT_SIZE : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_SIZE;
        }
    }

    private static SparkSession session() {
        SparkSession active = SparkSession.getActiveSession().getOrElse(() -> null);
        return active != null ? active : SparkSession.getDefaultSession().getOrElse(() -> null);
    }

    private static SparkContext activeContext() {
        SparkSession session = session();
        return session == null ? null : session.sparkContext();
    }

    private static Long executionId(String property) {
        return property == null ? null : Long.valueOf(property);
    }
}
