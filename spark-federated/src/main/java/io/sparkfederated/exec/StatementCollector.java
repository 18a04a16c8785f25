package io.sparkfederated.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.util.AccumulatorV2;

/**
 * Carries the statements a task ran back to the driver. One is registered per Spark context and
 * travels (empty) inside every federated scan's reader factory; Spark returns each task's copy with
 * the task's result and merges it into the driver's copy, which hands the statements, with their job,
 * to {@link RemoteStatementLog}. It counts failed tasks' values too, so a failed read is logged; it
 * has no name, so Spark's UI and event log do not show it (the log's own event does).
 */
final class StatementCollector extends AccumulatorV2<RemoteStatement, List<RemoteStatement>> {

    private static StatementCollector registered;

    private final List<RemoteStatement> statements = new ArrayList<>();
    /** The driver's copy only: the job of each recent stage, learnt from job starts. */
    private final transient Map<Integer, Integer> jobOfStage;
    /** The driver's copy only: the context it is registered with. */
    private final transient SparkContext context;

    private StatementCollector(Map<Integer, Integer> jobOfStage, SparkContext context) {
        this.jobOfStage = jobOfStage;
        this.context = context;
    }

    /** The driver's collector for {@code context}, registered on first use. */
    static synchronized StatementCollector of(SparkContext context) {
        if (registered == null || registered.context != context) {
            Map<Integer, Integer> jobs = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
                    return size() > 10_000;
                }
            });
            StatementCollector collector = new StatementCollector(jobs, context);
            // counting failed tasks' values is not public API; Java sees Spark's package-private method
            collector.register(context, scala.Option.empty(), true);
            context.addSparkListener(new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart start) {
                    scala.collection.Iterator<Object> stages = start.stageIds().iterator();
                    while (stages.hasNext()) {
                        jobs.put((Integer) stages.next(), start.jobId());
                    }
                }
            });
            registered = collector; // held here: Spark keeps only a weak reference to a registered accumulator
        }
        return registered;
    }

    @Override
    public boolean isZero() {
        synchronized (statements) {
            return statements.isEmpty();
        }
    }

    @Override
    public StatementCollector copy() {
        StatementCollector copy = new StatementCollector(null, null);
        synchronized (statements) {
            copy.statements.addAll(statements);
        }
        return copy;
    }

    @Override
    public void reset() {
        synchronized (statements) {
            statements.clear();
        }
    }

    @Override
    public void add(RemoteStatement statement) {
        synchronized (statements) {
            statements.add(statement);
        }
    }

    /** On the driver's copy: logs a task's statements (with their job) instead of keeping them. */
    @Override
    public void merge(AccumulatorV2<RemoteStatement, List<RemoteStatement>> other) {
        for (RemoteStatement s : other.value()) {
            if (jobOfStage == null) {
                add(s);
            } else {
                RemoteStatementLog.record(s.stageId() == null ? s : s.withJob(jobOfStage.get(s.stageId())));
            }
        }
    }

    @Override
    public List<RemoteStatement> value() {
        synchronized (statements) {
            return new ArrayList<>(statements);
        }
    }
}
