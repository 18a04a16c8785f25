package io.sparkfederated.connector.redshift;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.datasources.parquet.VectorizedParquetRecordReader;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import io.sparkfederated.FederatedException;
import io.sparkfederated.exec.QueryScope;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.exec.ScanMetrics;

/**
 * Reads one share of an UNLOAD's Parquet files ({@link UnloadRun}) with Spark's vectorized Parquet
 * reader, checking each file's row count against the manifest: the files whose position in the
 * manifest is this partition's number modulo the partition count. Given no files of this SQL
 * execution (a scan run outside one, or a plan run again after its first execution deleted them),
 * partition 0 runs the UNLOAD itself, reads every file and deletes them when it ends (success,
 * failure or cancellation); the other partitions read nothing.
 */
final class UnloadReader implements PartitionReader<ColumnarBatch> {

    private final UnloadPartition split;
    private final String where;
    private final Configuration conf;
    private final StructType readSchema;
    /** The UNLOAD this task ran itself (and deletes when it ends), or null. */
    private UnloadRun own;
    private UnloadRun.Unloaded ownUnloaded;
    private final List<UnloadRun.File> files;
    private int nextFile;
    private VectorizedParquetRecordReader current;
    private UnloadRun.File currentFile;
    private long currentRows;
    private long rowCount;
    private long bytes;
    private long waitNanos;
    private boolean closed;

    /**
     * @param unloaded  the files of the UNLOAD the driver ran for a SQL execution, or null
     * @param execution that execution: in another one (the same plan run again), its files are gone
     */
    UnloadReader(UnloadPartition split, List<UnloadRun.File> unloaded, String execution) {
        this.split = split;
        this.where = split.schema().describe();
        this.readSchema = RemoteQuery.toSparkSchema(split.columns());
        this.conf = readerConf(split.hadoop().value(), readSchema);
        if (unloaded != null && execution != null && execution.equals(QueryScope.currentExecution())) {
            List<UnloadRun.File> share = new java.util.ArrayList<>();
            for (int i = split.part(); i < unloaded.size(); i += split.parts()) {
                share.add(unloaded.get(i));
            }
            this.files = share;
        } else if (split.part() == 0) {
            own = new UnloadRun(split.schema(), split.sql(), split.hadoop());
            long start = System.nanoTime();
            ownUnloaded = own.run();
            this.files = ownUnloaded.files();
            waitNanos = System.nanoTime() - start;
        } else {
            this.files = List.of();
        }
    }

    @Override
    public boolean next() {
        try {
            while (true) {
                if (current != null && current.nextKeyValue()) {
                    int batchRows = ((ColumnarBatch) current.getCurrentValue()).numRows();
                    currentRows += batchRows;
                    rowCount += batchRows;
                    return true;
                }
                finishFile();
                if (nextFile >= files.size()) {
                    return false;
                }
                openFile(files.get(nextFile++));
            }
        } catch (IOException e) {
            throw new FederatedException(where + ": reading the unloaded Parquet failed: " + e.getMessage(), e);
        }
    }

    private void openFile(UnloadRun.File unloaded) throws IOException {
        Path file = new Path(unloaded.path());
        long length = unloaded.bytes();
        VectorizedParquetRecordReader reader = new VectorizedParquetRecordReader(false, split.schema().scan().batchSize());
        try {
            reader.initialize(new FileSplit(file, 0, length, new String[0]), new TaskAttemptContextImpl(conf, new TaskAttemptID()));
            reader.initBatch(new StructType(), null);
            reader.enableReturningBatches();
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw new FederatedException(where + ": cannot read unloaded file " + unloaded.url() + " as " + readSchema.simpleString()
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            reader.close();
            Thread.currentThread().interrupt();
            throw new FederatedException(where + ": interrupted", e);
        }
        current = reader;
        currentRows = 0;
        bytes += length;
        currentFile = unloaded;
    }

    /** Closes the file being read, after checking it held the rows the manifest promised. */
    private void finishFile() throws IOException {
        if (current == null) {
            return;
        }
        current.close();
        current = null;
        if (currentRows != currentFile.rows()) {
            throw new FederatedException(where + ": incomplete UNLOAD: " + currentFile.url() + " holds " + currentRows
                    + " rows, the manifest says " + currentFile.rows());
        }
    }

    @Override
    public ColumnarBatch get() {
        return (ColumnarBatch) current.getCurrentValue();
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return ScanMetrics.taskValues(rowCount, bytes, waitNanos / 1_000_000);
    }

    /** Closes the file being read; deletes the files of an UNLOAD this task ran. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (current != null) {
                current.close();
            }
        } catch (IOException ignored) {
            // deleting anyway
        }
        if (own != null) {
            if (ownUnloaded != null) {
                own.delete(ownUnloaded);
            }
            own.close();
        }
    }

    /** The Hadoop settings Spark's Parquet reader needs, as Spark's own Parquet source sets them. */
    static Configuration readerConf(Configuration session, StructType schema) {
        Configuration conf = new Configuration(session);
        conf.set(org.apache.parquet.hadoop.ParquetInputFormat.READ_SUPPORT_CLASS,
                org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport.class.getName());
        conf.set(org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport.SPARK_ROW_REQUESTED_SCHEMA(), schema.json());
        conf.set(SQLConf.SESSION_LOCAL_TIMEZONE().key(), "UTC");
        conf.setBoolean(SQLConf.CASE_SENSITIVE().key(), false);
        conf.setBoolean(SQLConf.PARQUET_BINARY_AS_STRING().key(), false);
        conf.setBoolean(SQLConf.PARQUET_INT96_AS_TIMESTAMP().key(), true);
        conf.setBoolean(SQLConf.PARQUET_INFER_TIMESTAMP_NTZ_ENABLED().key(), true);
        conf.setBoolean(SQLConf.LEGACY_PARQUET_NANOS_AS_LONG().key(), false);
        conf.setBoolean(SQLConf.NESTED_SCHEMA_PRUNING_ENABLED().key(), false);
        return conf;
    }
}
