package io.sparkfederated.connector.mysql;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import io.sparkfederated.FederatedException;
import io.sparkfederated.connector.jdbc.JdbcSessions;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.exec.CancelOnTaskKill;
import io.sparkfederated.exec.FederatedInputPartition;
import io.sparkfederated.exec.LoggedStatement;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;
import io.sparkfederated.exec.ScanMetrics;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteQuery;

/**
 * Reads one split as a stream (Connector/J streams a forward-only, read-only statement with fetch
 * size {@code Integer.MIN_VALUE}: one row in memory at a time, never the whole result) into Spark
 * column vectors, {@code batch_size} rows per batch. The statement is prepared on the server
 * ({@link MySqlBinaryRows}), so numbers arrive in binary rather than as text. Text arrives as
 * utf8mb4 bytes (the session's result character set, whatever the column's), which are Spark's
 * UTF-8 strings as they are.
 * Decimals that do not fit their Spark type fail the read rather than being rounded.
 */
final class MySqlColumnarReader implements PartitionReader<ColumnarBatch> {

    private final ExternalSchema schema;
    private final String sql;
    private final List<RemoteColumn> columns;
    private final Connection connection;
    private final OnHeapColumnVector[] vectors;
    private final ColumnarBatch batch;
    private final int batchSize;
    private final LoggedStatement logged;
    private Statement statement;
    private CancelOnTaskKill watch;
    private ResultSet rows;
    private boolean finished;
    private long rowCount;
    private long bytes;
    private long waitNanos;

    MySqlColumnarReader(FederatedInputPartition split, Connection connection) {
        this.schema = split.schema();
        this.sql = split.sql();
        this.columns = split.columns();
        this.connection = connection;
        this.batchSize = schema.scan().batchSize();
        this.vectors = OnHeapColumnVector.allocateColumns(batchSize, RemoteQuery.toSparkSchema(columns));
        this.batch = new ColumnarBatch(vectors);
        this.logged = RemoteStatementLog.start(schema, RemoteStatement.Method.JDBC, sql);
        try {
            PreparedStatement prepared = MySqlBinaryRows.prepare(connection, sql);
            statement = prepared;
            watch = CancelOnTaskKill.watch(statement);
            long t = System.nanoTime();
            rows = prepared.executeQuery();
            waitNanos += System.nanoTime() - t;
        } catch (SQLException e) {
            logged.failed(e);
            close();
            throw failure(e);
        } catch (RuntimeException e) {
            logged.failed(e);
            close();
            throw e;
        }
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
            long t = System.nanoTime();
            while (count < batchSize) {
                if (!rows.next()) {
                    finished = true;
                    break;
                }
                for (int c = 0; c < vectors.length; c++) {
                    put(c + 1, columns.get(c), vectors[c], count);
                }
                count++;
            }
            waitNanos += System.nanoTime() - t;
        } catch (SQLException e) {
            throw failure(e);
        }
        rowCount += count;
        batch.setNumRows(count);
        return count > 0;
    }

    private void put(int index, RemoteColumn column, WritableColumnVector v, int row) throws SQLException {
        switch (column.mapping().kind()) {
            case BOOLEAN -> {
                long value = rows.getLong(index);
                if (!nullAt(v, row)) {
                    v.putBoolean(row, value != 0);
                }
            }
            case SHORT -> {
                short value = rows.getShort(index);
                if (!nullAt(v, row)) {
                    v.putShort(row, value);
                }
            }
            case INT, DATE -> {
                int value = rows.getInt(index);
                if (!nullAt(v, row)) {
                    v.putInt(row, value);
                }
            }
            case LONG, TIMESTAMP, TIMESTAMP_NTZ -> {
                long value = rows.getLong(index);
                if (!nullAt(v, row)) {
                    v.putLong(row, value);
                }
            }
            case FLOAT -> {
                float value = rows.getFloat(index);
                if (!nullAt(v, row)) {
                    v.putFloat(row, value);
                }
            }
            case DOUBLE -> {
                double value = rows.getDouble(index);
                if (!nullAt(v, row)) {
                    v.putDouble(row, value);
                }
            }
            case DECIMAL -> {
                BigDecimal value = rows.getBigDecimal(index);
                if (value == null) {
                    v.putNull(row);
                } else {
                    DecimalType type = (DecimalType) column.mapping().sparkType();
                    v.putDecimal(row, decimal(value, type, column), type.precision());
                }
            }
            default -> { // STRING, BINARY: the bytes as received
                byte[] value = rows.getBytes(index);
                if (value == null) {
                    v.putNull(row);
                } else {
                    v.putByteArray(row, value);
                    bytes += value.length;
                }
            }
        }
    }

    private boolean nullAt(WritableColumnVector v, int row) throws SQLException {
        if (rows.wasNull()) {
            v.putNull(row);
            return true;
        }
        return false;
    }

    private Decimal decimal(BigDecimal value, DecimalType type, RemoteColumn column) {
        Decimal d = Decimal.apply(value);
        if (!d.changePrecision(type.precision(), type.scale())) {
            throw new FederatedException(schema.describe() + ": value " + value + " of column '" + column.name()
                    + "' (" + column.remoteType() + ") does not fit Spark's " + type.simpleString());
        }
        return d;
    }

    @Override
    public ColumnarBatch get() {
        return batch;
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return ScanMetrics.taskValues(rowCount, bytes, waitNanos / 1_000_000);
    }

    private FederatedException failure(SQLException e) {
        logged.failed(e);
        FederatedException f = MySqlErrors.onQuery(schema, "reading a split", e);
        return new FederatedException(f.getMessage() + " [SQL: " + sql + "]", e);
    }

    /**
     * A stream read to its end closes normally. One left early (a LIMIT in Spark, a killed task) would
     * make the driver read every remaining row on close, so its connection is aborted instead.
     */
    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        if (finished || rows == null) {
            JdbcSessions.closeQuietly(rows);
            JdbcSessions.closeQuietly(statement);
            JdbcSessions.closeQuietly(connection);
        } else {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                JdbcSessions.closeQuietly(connection);
            }
        }
        batch.close();
        logged.finish(rowCount, bytes);
    }
}
