package io.sparkfederated.connector.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.exec.CancelOnTaskKill;
import io.sparkfederated.exec.FederatedInputPartition;
import io.sparkfederated.exec.LoggedStatement;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.connector.postgres.copy.CopyInput;
import io.sparkfederated.connector.postgres.copy.RowDecoder;
import io.sparkfederated.exec.ScanMetrics;
import io.sparkfederated.connector.jdbc.JdbcSessions;

/**
 * Reads one split with {@code COPY (<split SQL>) TO STDOUT (FORMAT binary)}, decoding the stream
 * straight into Spark column vectors, one batch at a time (memory stays flat whatever the table's
 * size), in the session {@link PgSplitSession} opened for it (inside the query's snapshot, if any).
 */
final class PostgresCopyReader implements PartitionReader<ColumnarBatch> {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final ExternalSchema schema;
    private final Connection connection;
    private final CopyOut copyOut;
    private final CancelOnTaskKill watch;
    private final LoggedStatement logged;
    private final CopyInput input;
    private final RowDecoder decoder;
    private final OnHeapColumnVector[] vectors;
    private final ColumnarBatch batch;
    private final int batchSize;
    private long rows;
    private boolean finished;

    PostgresCopyReader(FederatedInputPartition split, Connection connection) {
        this.schema = split.schema();
        this.connection = connection;
        this.batchSize = schema.scan().batchSize();
        List<RemoteColumn> columns = split.columns();
        this.decoder = new RowDecoder(columns, schema.describe());
        this.vectors = OnHeapColumnVector.allocateColumns(batchSize, RemoteQuery.toSparkSchema(columns));
        this.batch = new ColumnarBatch(vectors);
        // a killed task cancels the COPY, even while PostgreSQL computes rows and sends none
        this.watch = CancelOnTaskKill.watch(() -> connection.unwrap(PGConnection.class).cancelQuery());
        String copy = "COPY (" + split.sql() + ") TO STDOUT (FORMAT binary)";
        PgSplitContext context = (PgSplitContext) split.engineContext();
        this.logged = RemoteStatementLog.start(schema, RemoteStatement.Method.COPY, copy)
                .snapshot(context == null ? null : context.snapshotId());
        try {
            this.copyOut = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
            this.input = new CopyInput(copyOut);
            readHeader();
        } catch (SQLException e) {
            logged.failed(e);
            close();
            throw PostgresErrors.onRead(schema, e);
        } catch (RuntimeException e) {
            logged.failed(e);
            close(); // Spark never sees a reader whose constructor failed, so it cannot close it
            throw e;
        }
    }

    private void readHeader() throws SQLException {
        input.require(SIGNATURE.length + 8);
        byte[] b = input.buffer();
        int at = input.position();
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (b[at + i] != SIGNATURE[i]) {
                throw new FederatedException(schema.describe() + ": the server's COPY stream is not in PostgreSQL's binary format");
            }
        }
        input.skip(SIGNATURE.length + 4); // signature, flags
        int extension = input.readInt();
        input.require(extension);
        input.skip(extension);
    }

    @Override
    public boolean next() {
        if (finished) {
            return false;
        }
        for (WritableColumnVector v : vectors) {
            v.reset();
        }
        int count = 0;
        try {
            while (count < batchSize) {
                if (!decoder.decodeRow(input, vectors, count)) {
                    finished = true;
                    break;
                }
                count++;
            }
        } catch (SQLException | RuntimeException e) {
            logged.failed(e);
            throw e instanceof SQLException sql ? PostgresErrors.onRead(schema, sql) : (RuntimeException) e;
        }
        rows += count;
        batch.setNumRows(count);
        return count > 0;
    }

    @Override
    public ColumnarBatch get() {
        return batch;
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return ScanMetrics.taskValues(rows, input.bytesReceived(), input.waitNanos() / 1_000_000);
    }

    @Override
    public void close() {
        // Closing the connection ends an unfinished COPY (e.g. under a LIMIT) and the transaction.
        watch.close();
        JdbcSessions.closeQuietly(connection);
        batch.close();
        logged.finish(rows, input == null ? null : input.bytesReceived());
    }
}
