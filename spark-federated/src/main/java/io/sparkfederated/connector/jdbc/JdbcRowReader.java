package io.sparkfederated.connector.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.unsafe.types.UTF8String;

import io.sparkfederated.FederatedException;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.exec.CancelOnTaskKill;
import io.sparkfederated.exec.FederatedInputPartition;
import io.sparkfederated.exec.LoggedStatement;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;
import io.sparkfederated.exec.ScanMetrics;

/**
 * Reads one split through JDBC, row by row, fetching {@code batch_size} rows per round trip inside
 * the read-only transaction of the connection it is given (and closes). Decimals that do not fit
 * their Spark type fail the read rather than being rounded. A task Spark kills cancels the statement.
 */
public final class JdbcRowReader implements PartitionReader<InternalRow> {

    private final FederatedInputPartition split;
    private final List<RemoteColumn> columns;
    private final Connection connection;
    private final String engineName;
    private final LoggedStatement logged;
    private PreparedStatement statement;
    private CancelOnTaskKill watch;
    private ResultSet rows;
    private long waitNanos;
    private long rowCount;
    private InternalRow current;

    /**
     * @param connection an open connection in a read-only transaction; the reader closes it
     * @param engineName for messages: "Redshift"
     */
    public JdbcRowReader(FederatedInputPartition split, Connection connection, String engineName) {
        this.split = split;
        this.columns = split.columns();
        this.connection = connection;
        this.engineName = engineName;
        this.logged = RemoteStatementLog.start(split.schema(), RemoteStatement.Method.JDBC, split.sql());
        try {
            statement = connection.prepareStatement(split.sql());
            statement.setFetchSize(split.schema().scan().batchSize());
            watch = CancelOnTaskKill.watch(statement);
            long t = System.nanoTime();
            rows = statement.executeQuery();
            waitNanos += System.nanoTime() - t;
        } catch (SQLException e) {
            logged.failed(e);
            close();
            throw failure(e);
        }
    }

    @Override
    public boolean next() {
        try {
            long t = System.nanoTime();
            boolean more = rows.next();
            waitNanos += System.nanoTime() - t;
            if (!more) {
                return false;
            }
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(i + 1, columns.get(i));
            }
            current = new GenericInternalRow(values);
            rowCount++;
            return true;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private Object value(int index, RemoteColumn column) throws SQLException {
        Object v = switch (column.mapping().kind()) {
            case BOOLEAN -> rows.getBoolean(index);
            case SHORT -> rows.getShort(index);
            case INT -> rows.getInt(index);
            case LONG -> rows.getLong(index);
            case FLOAT -> rows.getFloat(index);
            case DOUBLE -> rows.getDouble(index);
            case DECIMAL -> decimal(rows.getBigDecimal(index), (DecimalType) column.mapping().sparkType(), column);
            case DATE -> {
                LocalDate d = rows.getObject(index, LocalDate.class);
                yield d == null ? null : (int) d.toEpochDay();
            }
            case TIMESTAMP_NTZ -> {
                LocalDateTime t = rows.getObject(index, LocalDateTime.class);
                yield t == null ? null : micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
            }
            case TIMESTAMP -> {
                OffsetDateTime t = rows.getObject(index, OffsetDateTime.class);
                yield t == null ? null : micros(t.toEpochSecond(), t.getNano());
            }
            case BINARY -> rows.getBytes(index);
            default -> {
                String s = rows.getString(index);
                yield s == null ? null : UTF8String.fromString(s);
            }
        };
        return rows.wasNull() ? null : v;
    }

    private static long micros(long seconds, int nanos) {
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1000);
    }

    private Decimal decimal(BigDecimal value, DecimalType type, RemoteColumn column) {
        if (value == null) {
            return null;
        }
        Decimal d = Decimal.apply(value);
        if (!d.changePrecision(type.precision(), type.scale())) {
            throw new FederatedException(split.schema().describe() + ": value " + value + " of column '" + column.name()
                    + "' (" + column.remoteType() + ") does not fit Spark's " + type.simpleString());
        }
        return d;
    }

    @Override
    public InternalRow get() {
        return current;
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return ScanMetrics.taskValues(rowCount, 0, waitNanos / 1_000_000);
    }

    private FederatedException failure(SQLException e) {
        logged.failed(e);
        String action = "reading from " + engineName;
        String timedOut = JdbcTimeouts.explain(split.schema(), action, e);
        String message = timedOut != null ? timedOut : split.schema().describe() + ": " + action + " failed: " + e.getMessage();
        return new FederatedException(message + " [SQL: " + split.sql() + "]", e);
    }

    @Override
    public void close() {
        JdbcSessions.closeQuietly(watch);
        JdbcSessions.closeQuietly(rows);
        JdbcSessions.closeQuietly(statement);
        try {
            if (connection != null && !connection.isClosed()) {
                connection.rollback(); // nothing was written: end the read-only transaction
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
        JdbcSessions.closeQuietly(connection);
        logged.finish(rowCount, null);
    }
}
