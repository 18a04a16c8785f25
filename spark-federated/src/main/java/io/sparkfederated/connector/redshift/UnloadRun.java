package io.sparkfederated.connector.redshift;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.connector.jdbc.JdbcTimeouts;
import io.sparkfederated.exec.CancelOnTaskKill;
import io.sparkfederated.exec.LoggedStatement;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;

/**
 * One UNLOAD into its own directory {@code <tempdir>/unload-<random id>/}: runs {@code UNLOAD (…) TO
 * '…' … FORMAT AS PARQUET MANIFEST VERBOSE}, asks Redshift how many rows it unloaded
 * ({@code pg_last_unload_count()}), and checks the manifest against that count and each listed file
 * against its size. It runs in a Spark task (a task Spark kills while Redshift unloads cancels it); a
 * failed run deletes what it wrote. Closing deletes the directory: whoever owns the files (the SQL
 * execution's scope, or the one task that both unloads and reads) closes it when done.
 */
final class UnloadRun implements AutoCloseable, Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(UnloadRun.class);

    /** One unloaded Parquet file: where it is (as the reader's file system names it), its bytes and rows. */
    record File(String url, String path, long bytes, long rows) implements Serializable {
    }

    /** What one attempt unloaded: its directory and its checked files. */
    record Unloaded(String directory, List<File> files) implements Serializable {
    }

    private final ExternalSchema schema;
    private final String sql;
    private final SerializableConfiguration hadoop;
    private final String id = "unload-" + UUID.randomUUID();

    UnloadRun(ExternalSchema schema, String sql, SerializableConfiguration hadoop) {
        this.schema = schema;
        this.sql = sql;
        this.hadoop = hadoop;
    }

    private Path directory() {
        return new Path(UnloadOptions.of(schema).tempDir() + "/" + id + "/");
    }

    /**
     * Runs the UNLOAD and returns its checked files; on failure deletes whatever it wrote. Each task
     * attempt unloads afresh into a directory of its own, {@code unload-<id>/<attempt>/}.
     */
    Unloaded run() {
        String where = schema.describe();
        UnloadOptions options = UnloadOptions.of(schema);
        TaskContext task = TaskContext.get();
        String attempt = "a" + (task == null ? 0 : task.attemptNumber()) + "/";
        Path directory = new Path(directory(), attempt);
        String redshiftDirectory = options.redshiftTempDir() + "/" + id + "/" + attempt;
        FileSystem fs = fileSystem();
        try {
            long reported = unload(schema, sql, redshiftDirectory, options);
            UnloadManifest manifest = readManifest(fs, directory, reported, where);
            manifest.check(reported, where);
            return new Unloaded(directory.toString(), checkFiles(fs, directory, redshiftDirectory, manifest, where));
        } catch (RuntimeException e) {
            delete(fs, directory);
            throw e;
        }
    }

    private FileSystem fileSystem() {
        try {
            return directory().getFileSystem(hadoop.value());
        } catch (IOException e) {
            throw new FederatedException(schema.describe() + ": cannot open tempdir " + UnloadOptions.of(schema).tempDir()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the UNLOAD in a read-only transaction and returns the row count Redshift reports for it.
     * The statement goes to the remote query log of the JVM it runs in (the UNLOAD job's one task).
     */
    private static long unload(ExternalSchema schema, String sql, String redshiftDirectory, UnloadOptions options) {
        String unload = RedshiftDialect.INSTANCE.unload(sql, redshiftDirectory, options.iamRole());
        LoggedStatement logged = RemoteStatementLog.start(schema, RemoteStatement.Method.UNLOAD, unload);
        try (Connection c = RedshiftConnections.open(schema); Statement statement = c.createStatement();
             CancelOnTaskKill watch = CancelOnTaskKill.watch(statement)) {
            try {
                statement.execute(unload);
                try (ResultSet rs = statement.executeQuery("SELECT pg_last_unload_count()")) {
                    rs.next();
                    long rows = rs.getLong(1);
                    logged.finish(rows, null);
                    return rows;
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            logged.failed(e);
            logged.finish();
            String timedOut = JdbcTimeouts.explain(schema, "unloading to " + redshiftDirectory, e);
            if (timedOut != null) {
                throw new FederatedException(timedOut + " [SQL: " + sql + "]", e);
            }
            throw new FederatedException(schema.describe() + ": UNLOAD to " + redshiftDirectory + " failed: " + e.getMessage()
                    + " (check tempdir, unload_iam_role and that the role may write there) [SQL: " + sql + "]", e);
        } catch (RuntimeException e) {
            logged.failed(e);
            logged.finish();
            throw e;
        }
    }

    /** The manifest; none is needed when Redshift reports that it unloaded no rows. */
    private static UnloadManifest readManifest(FileSystem fs, Path directory, long reportedRows, String where) {
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

    /** Every listed file is in the temporary directory and has the size the manifest gives. */
    private static List<File> checkFiles(FileSystem fs, Path directory, String redshiftDirectory, UnloadManifest manifest,
                                         String where) {
        List<File> checked = new ArrayList<>();
        for (UnloadManifest.Entry entry : manifest.entries()) {
            if (!entry.url().startsWith(redshiftDirectory)) {
                throw new FederatedException(where + ": the UNLOAD manifest lists " + entry.url() + ", outside " + redshiftDirectory);
            }
            Path file = new Path(directory, entry.url().substring(redshiftDirectory.length()));
            try {
                FileStatus status = fs.getFileStatus(file);
                if (entry.bytes() >= 0 && status.getLen() != entry.bytes()) {
                    throw new FederatedException(where + ": incomplete UNLOAD: " + entry.url() + " has " + status.getLen()
                            + " bytes, the manifest says " + entry.bytes());
                }
                checked.add(new File(entry.url(), file.toString(), status.getLen(), entry.rows()));
            } catch (FileNotFoundException e) {
                throw new FederatedException(where + ": incomplete UNLOAD: the manifest lists " + entry.url()
                        + " but it is not in S3", e);
            } catch (IOException e) {
                throw new FederatedException(where + ": cannot check UNLOAD file " + file + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(checked);
    }

    /** Deletes what an attempt unloaded (every file under its directory, listed in the manifest or not). */
    void delete(Unloaded unloaded) {
        try {
            delete(fileSystem(), new Path(unloaded.directory()));
        } catch (RuntimeException e) {
            LOG.warn("{}: could not delete the UNLOAD files under {}: {}", schema.describe(), unloaded.directory(), e.toString());
        }
    }

    /** Deletes the UNLOAD's directory, with whatever attempts left there. */
    @Override
    public void close() {
        try {
            delete(fileSystem(), directory());
        } catch (RuntimeException e) {
            LOG.warn("{}: could not delete the UNLOAD files under {}: {}", schema.describe(), directory(), e.toString());
        }
    }

    private void delete(FileSystem fs, Path directory) {
        try {
            fs.delete(directory, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not delete the UNLOAD files under {}: {} (an S3 lifecycle rule on tempdir removes leftovers)",
                    schema.describe(), directory, e.toString());
        }
    }

    @Override
    public String toString() {
        return "UNLOAD to " + directory();
    }
}
