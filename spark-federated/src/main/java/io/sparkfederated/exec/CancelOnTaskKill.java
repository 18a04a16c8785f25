package io.sparkfederated.exec;

import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.spark.TaskContext;

/**
 * Cancels a running remote statement when Spark kills its task (a cancelled job, a failed stage,
 * a speculative copy no longer needed). Spark marks the task interrupted, but a thread blocked in a
 * JDBC call waits for the database; this watch (one shared daemon thread, checking every 250 ms)
 * asks the database to cancel the statement, so the call returns with an error and the task ends.
 * Each cancel runs on a thread of its own: a cancel request to a server that does not answer must
 * not hold up the other tasks' cancels. Outside a Spark task it watches nothing.
 */
public final class CancelOnTaskKill implements AutoCloseable {

    private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spark-federated-cancel-watch");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> check;

    private CancelOnTaskKill(ScheduledFuture<?> check) {
        this.check = check;
    }

    /** How to cancel what a task is waiting for. */
    @FunctionalInterface
    public interface Cancel {
        void cancel() throws Exception;
    }

    /** Watches {@code statement} until {@link #close()}. */
    public static CancelOnTaskKill watch(Statement statement) {
        return watch(statement::cancel);
    }

    /** Calls {@code cancel} once if Spark kills the current task before {@link #close()}. */
    public static CancelOnTaskKill watch(Cancel cancel) {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return new CancelOnTaskKill(null);
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        return new CancelOnTaskKill(WATCHER.scheduleWithFixedDelay(() -> {
            if (task.isInterrupted() && cancelled.compareAndSet(false, true)) {
                Thread canceller = new Thread(() -> {
                    try {
                        cancel.cancel();
                    } catch (Exception e) {
                        // the statement may already be done; the task ends either way
                    }
                }, "spark-federated-cancel");
                canceller.setDaemon(true);
                canceller.start();
            }
        }, 250, 250, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        if (check != null) {
            check.cancel(false);
        }
    }
}
