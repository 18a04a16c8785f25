package io.sparkfederated.examples;

import static org.apache.spark.sql.functions.udf;

import java.util.List;
import java.util.TreeSet;

import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads a {@code ledger(id, balance)} table in parallel splits and prints, per split, the executor
 * that read it, its rows and their total, then the sums: on a cluster the splits run in executor
 * JVMs, and the total is one snapshot's when all splits read the same snapshot.
 * With a second argument {@code lose-an-executor}, the executor reading the first split halts its
 * JVM partway through (first attempt only), as a lost node would: Spark runs the split again elsewhere,
 * and the job prints how many task attempts were lost with their executor (a listener counts them, so
 * the line does not depend on which logging binding the driver has).
 * <pre>
 * spark-submit --master local-cluster[2,1,1536] --jars spark-federated-…-bundle.jar --conf … \
 *   --class io.sparkfederated.examples.ParallelReadJob examples-….jar fed.bank.ledger [lose-an-executor]
 * </pre>
 */
public final class ParallelReadJob {

    private ParallelReadJob() {
    }

    public static void main(String[] args) throws InterruptedException {
        String table = args.length > 0 ? args[0] : "fed.bank.ledger";
        boolean loseAnExecutor = args.length > 1 && args[1].equals("lose-an-executor");
        SparkSession spark = SparkSession.builder().appName("spark-federated parallel read").getOrCreate();
        java.util.concurrent.atomic.AtomicInteger lostAttempts = new java.util.concurrent.atomic.AtomicInteger();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (taskEnd.reason() instanceof ExecutorLostFailure) {
                    lostAttempts.incrementAndGet();
                }
            }
        });
        try {
            spark.udf().register("executor_id", udf((UDF0<String>) () -> SparkEnv.get().executorId(), DataTypes.StringType)
                    .asNondeterministic());
            spark.udf().register("lose_executor_once", udf((UDF0<Boolean>) ParallelReadJob::haltFirstAttemptOfFirstSplit,
                    DataTypes.BooleanType).asNondeterministic());
            List<Row> splits = spark.sql("SELECT spark_partition_id() AS split, executor_id() AS executor, count(*) AS rows,"
                    + " sum(balance) AS total FROM " + table + (loseAnExecutor ? " WHERE lose_executor_once()" : "")
                    + " GROUP BY 1, 2 ORDER BY 1").collectAsList();
            long rows = 0;
            long total = 0;
            TreeSet<String> executors = new TreeSet<>();
            for (Row split : splits) {
                System.out.println("split " + split.getInt(0) + " on executor " + split.getString(1) + ": "
                        + split.getLong(2) + " rows, total " + split.getLong(3));
                executors.add(split.getString(1));
                rows += split.getLong(2);
                total += split.getLong(3);
            }
            System.out.println("ParallelReadJob: splits=" + splits.size() + " executors=" + executors + " rows=" + rows
                    + " total=" + total);
            if (loseAnExecutor) {
                long deadline = System.currentTimeMillis() + 10_000; // listener events arrive asynchronously
                while (lostAttempts.get() == 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                System.out.println("ParallelReadJob: task attempts lost with their executor=" + lostAttempts.get());
            }
        } finally {
            spark.stop();
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong ROWS_SEEN = new java.util.concurrent.atomic.AtomicLong();

    /** True; but the first attempt of the first split halts its executor's JVM at its 1000th row. */
    private static boolean haltFirstAttemptOfFirstSplit() {
        TaskContext task = TaskContext.get();
        if (task.partitionId() == 0 && task.attemptNumber() == 0 && ROWS_SEEN.incrementAndGet() == 1000) {
            System.err.println("ParallelReadJob: halting executor " + SparkEnv.get().executorId() + " mid-scan");
            Runtime.getRuntime().halt(137);
        }
        return true;
    }
}
