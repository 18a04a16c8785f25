package io.sparkfederated.connector.redshift;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparkfederated.FederatedException;
import io.sparkfederated.connector.jdbc.JdbcTimeouts;
import io.sparkfederated.exec.CancelOnTaskKill;
import io.sparkfederated.exec.LoggedStatement;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.exec.ScanMetrics;

/**
 * Reads a Redshift query through UNLOAD: runs {@code UNLOAD (…) TO '<tempdir>/<random id>/' …
 * FORMAT AS PARQUET MANIFEST VERBOSE}, asks Redshift how many rows it unloaded
 * ({@code pg_last_unload_count()}), checks the manifest against that count and each file's size,
 * then reads the files with Spark's vectorized Parquet reader (checking each file's row count) and
 * deletes the directory when the task ends, whether it succeeded, failed or was cancelled. A task
 * Spark kills while Redshift is unloading cancels the UNLOAD ({@link CancelOnTaskKill}).
 */
final class UnloadReader implements PartitionReader<ColumnarBatch> {

    private static final Logger LOG = LoggerFactory.getLogger(UnloadReader.class);

    private final UnloadPartition split;
    private final String where;
    private final Configuration conf;
    private final Path directory;
    private final String redshiftDirectory;
    private final FileSystem fs;
    private final StructType readSchema;
    private List<UnloadedFile> files;
    private int nextFile;
    private VectorizedParquetRecordReader current;
    private UnloadManifest.Entry currentEntry;
    private long currentRows;
    private long rowCount;
    private long bytes;
    private long waitNanos;
    private boolean closed;
    private LoggedStatement logged;

    UnloadReader(UnloadPartition split) {
        this.split = split;
        this.where = split.schema().describe();
        UnloadOptions options = UnloadOptions.of(split.schema());
        String id = "unload-" + UUID.randomUUID();
        this.directory = new Path(options.tempDir() + "/" + id + "/");
        this.redshiftDirectory = options.redshiftTempDir() + "/" + id + "/";
        this.readSchema = RemoteQuery.toSparkSchema(split.columns());
        this.conf = readerConf(split.hadoop().value(), readSchema);
        try {
            this.fs = directory.getFileSystem(conf);
        } catch (IOException e) {
            throw new FederatedException(where + ": cannot open tempdir " + options.tempDir() + ": " + e.getMessage(), e);
        }
        try {
            long reported = unload(options);
            UnloadManifest manifest = readManifest(reported);
            manifest.check(reported, where);
            files = checkFiles(manifest);
        } catch (RuntimeException e) {
            if (logged != null) {
                logged.failed(e);
            }
            close();
            throw e;
        }
    }

    /** Runs the UNLOAD in a read-only transaction and returns the row count Redshift reports for it. */
    private long unload(UnloadOptions options) {
        long t = System.nanoTime();
        String unload = RedshiftDialect.INSTANCE.unload(split.sql(), redshiftDirectory, options.iamRole());
        logged = RemoteStatementLog.start(split.schema(), RemoteStatement.Method.UNLOAD, unload);
        try (Connection c = RedshiftConnections.open(split.schema()); Statement statement = c.createStatement();
             CancelOnTaskKill watch = CancelOnTaskKill.watch(statement)) {
            try {
                statement.execute(unload);
                try (ResultSet rs = statement.executeQuery("SELECT pg_last_unload_count()")) {
                    rs.next();
                    return rs.getLong(1);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            logged.failed(e);
            String timedOut = JdbcTimeouts.explain(split.schema(), "unloading to " + redshiftDirectory, e);
            if (timedOut != null) {
                throw new FederatedException(timedOut + " [SQL: " + split.sql() + "]", e);
            }
            throw new FederatedException(where + ": UNLOAD to " + redshiftDirectory + " failed: " + e.getMessage()
                    + " (check tempdir, unload_iam_role and that the role may write there) [SQL: " + split.sql() + "]", e);
        } finally {
            waitNanos += System.nanoTime() - t;
        }
    }

    /** The manifest; none is needed when Redshift reports that it unloaded no rows. */
    private UnloadManifest readManifest(long reportedRows) {
        Path manifest = new Path(directory, "manifest");
        try (InputStream in = fs.open(manifest)) {
            return UnloadManifest.parse(in, where);
        } catch (FileNotFoundException e) {
            if (reportedRows == 0) {
                return new UnloadManifest(List.of(), 0);
            }
            throw new FederatedException(where + ": incomplete UNLOAD: Redshift reported " + reportedRows
                    + " rows unloaded but wrote no manifest at " + manifest, e);
        } catch (IOException e) {
            throw new FederatedException(where + ": cannot read the UNLOAD manifest " + manifest + ": " + e.getMessage(), e);
        }
    }

    /** A listed file, where it is and its size (looked up once, when checked). */
    private record UnloadedFile(UnloadManifest.Entry entry, Path path, long length) {
    }

    /** Every listed file is in the temporary directory and has the size the manifest gives. */
    private List<UnloadedFile> checkFiles(UnloadManifest manifest) {
        List<UnloadedFile> checked = new java.util.ArrayList<>();
        for (UnloadManifest.Entry entry : manifest.entries()) {
            if (!entry.url().startsWith(redshiftDirectory)) {
                throw new FederatedException(where + ": the UNLOAD manifest lists " + entry.url() + ", outside " + redshiftDirectory);
            }
            Path file = fileOf(entry);
            try {
                FileStatus status = fs.getFileStatus(file);
                if (entry.bytes() >= 0 && status.getLen() != entry.bytes()) {
                    throw new FederatedException(where + ": incomplete UNLOAD: " + entry.url() + " has " + status.getLen()
                            + " bytes, the manifest says " + entry.bytes());
                }
                checked.add(new UnloadedFile(entry, file, status.getLen()));
            } catch (FileNotFoundException e) {
                throw new FederatedException(where + ": incomplete UNLOAD: the manifest lists " + entry.url()
                        + " but it is not in S3", e);
            } catch (IOException e) {
                throw new FederatedException(where + ": cannot check UNLOAD file " + file + ": " + e.getMessage(), e);
            }
        }
        return checked;
    }

    private Path fileOf(UnloadManifest.Entry entry) {
        return new Path(directory, entry.url().substring(redshiftDirectory.length()));
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
        } catch (IOException | RuntimeException e) {
            logged.failed(e);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new FederatedException(where + ": reading the unloaded Parquet failed: " + e.getMessage(), e);
        }
    }

    private void openFile(UnloadedFile unloaded) throws IOException {
        UnloadManifest.Entry entry = unloaded.entry();
        Path file = unloaded.path();
        long length = unloaded.length();
        VectorizedParquetRecordReader reader = new VectorizedParquetRecordReader(false, split.schema().scan().batchSize());
        try {
            reader.initialize(new FileSplit(file, 0, length, new String[0]), new TaskAttemptContextImpl(conf, new TaskAttemptID()));
            reader.initBatch(new StructType(), null);
            reader.enableReturningBatches();
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw new FederatedException(where + ": cannot read unloaded file " + entry.url() + " as " + readSchema.simpleString()
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            reader.close();
            Thread.currentThread().interrupt();
            throw new FederatedException(where + ": interrupted", e);
        }
        current = reader;
        currentRows = 0;
        bytes += length;
        currentEntry = entry;
    }

    /** Closes the file being read, after checking it held the rows the manifest promised. */
    private void finishFile() throws IOException {
        if (current == null) {
            return;
        }
        current.close();
        current = null;
        if (currentRows != currentEntry.rows()) {
            throw new FederatedException(where + ": incomplete UNLOAD: " + currentEntry.url() + " holds " + currentRows
                    + " rows, the manifest says " + currentEntry.rows());
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

    /** Deletes the UNLOAD's directory (every file under it, listed in the manifest or not). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (logged != null) {
            logged.finish(rowCount, bytes); // rows and Parquet bytes read of what it unloaded
        }
        try {
            if (current != null) {
                current.close();
            }
        } catch (IOException ignored) {
            // deleting anyway
        }
        try {
            fs.delete(directory, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not delete the UNLOAD files under {}: {} (an S3 lifecycle rule on tempdir removes leftovers)",
                    where, directory, e.toString());
        }
    }

    /** The Hadoop settings Spark's Parquet reader needs, as Spark's own Parquet source sets them. */
    private static Configuration readerConf(Configuration session, StructType schema) {
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
