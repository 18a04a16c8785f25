package io.sparkfederated.connector.redshift;

import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The files of one SQL execution's UNLOAD, read by several tasks and deleted when the execution ends
 * (closed by its {@link io.sparkfederated.exec.QueryScope}). The UNLOAD runs as a Spark job of one
 * task, started on the driver when the query first executes: it belongs to the query's job group, so
 * cancelling the query cancels the UNLOAD, and a failed UNLOAD (say, a lost file) is retried as any task.
 */
record UnloadedFiles(UnloadRun run, UnloadRun.Unloaded unloaded) implements AutoCloseable {

    static UnloadedFiles unload(UnloadRun run) {
        try {
            JavaSparkContext spark = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext());
            return new UnloadedFiles(run, spark.parallelize(List.of(0), 1).map(ignored -> run.run()).collect().get(0));
        } catch (Exception e) { // also Spark's (checked) SparkException: a failed or cancelled job
            run.close(); // leaves no files either
            throw e;
        }
    }

    List<UnloadRun.File> files() {
        return unloaded.files();
    }

    /** Deletes the directory of the attempt whose files were read, then the UNLOAD's own (any other attempts'). */
    @Override
    public void close() {
        run.delete(unloaded);
        run.close();
    }
}
