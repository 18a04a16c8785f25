package io.sparkfederated.exec;

import java.util.function.Consumer;

import org.apache.spark.TaskContext;

import io.sparkfederated.config.ExternalSchema;

/**
 * A remote statement being run, recorded once when it ends ({@link #finish}): ok, failed (after
 * {@link #failed}) or cancelled (its task was killed). Get one from {@link RemoteStatementLog#start}.
 */
public final class LoggedStatement {

    private final Consumer<RemoteStatement> log;
    private final ExternalSchema schema;
    private final RemoteStatement.Method method;
    private final String sql;
    private final Long executionId;
    private final Integer stageId;
    private final TaskContext task;
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private String snapshotId;
    private Throwable error;
    private boolean finished;

    LoggedStatement(Consumer<RemoteStatement> log, ExternalSchema schema, RemoteStatement.Method method, String sql,
                    Long executionId, TaskContext task) {
        this.log = log;
        this.schema = schema;
        this.method = method;
        this.sql = sql;
        this.executionId = executionId;
        this.task = task;
        this.stageId = task == null ? null : task.stageId();
    }

    /** The exported snapshot the statement reads in. */
    public LoggedStatement snapshot(String id) {
        this.snapshotId = id;
        return this;
    }

    /** Marks the statement failed with {@code e} (the first error counts) and returns {@code e}, to be thrown. */
    public synchronized <T extends Throwable> T failed(T e) {
        if (error == null) {
            error = e;
        }
        return e;
    }

    /** Records the statement, once, with what it returned (null: not counted). */
    public synchronized void finish(Long rows, Long bytes) {
        if (finished) {
            return;
        }
        finished = true;
        RemoteStatement.Status status = task != null && task.isInterrupted() ? RemoteStatement.Status.CANCELLED
                : error != null ? RemoteStatement.Status.FAILED : RemoteStatement.Status.OK;
        log.accept(new RemoteStatement(executionId, null, stageId, schema.name(), schema.engine(), schema.host(),
                schema.port(), schema.database(), sql, method, snapshotId, rows, bytes, startMillis,
                (System.nanoTime() - startNanos) / 1000, status, error == null ? null : String.valueOf(error.getMessage())));
    }

    /** Records the statement, once, without counts. */
    public void finish() {
        finish(null, null);
    }
}
