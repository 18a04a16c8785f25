package io.sparkfederated.connector.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;

import io.sparkfederated.catalog.ExternalSchema;
import io.sparkfederated.connector.RemoteColumn;
import io.sparkfederated.read.FederatedInputPartition;

/**
 * Reads one partition through pgjdbc, streaming rows with a server-side cursor (fetch size) inside a
 * read-only transaction, and converts each value into Spark's internal form.
 */
final class PostgresRowReader implements PartitionReader<InternalRow> {

    private final ExternalSchema schema;
    private final List<RemoteColumn> columns;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private InternalRow current;

    PostgresRowReader(FederatedInputPartition partition) {
        this.schema = partition.schema();
        this.columns = partition.columns();
        Connection c = PostgresConnections.open(schema);
        try {
            c.setAutoCommit(false); // a cursor streams only inside a transaction
            PreparedStatement ps = c.prepareStatement(partition.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(schema.fetchSize());
            this.connection = c;
            this.statement = ps;
            this.rows = ps.executeQuery();
        } catch (SQLException e) {
            PostgresConnections.closeQuietly(c);
            throw PostgresErrors.onQuery(schema, "running " + partition.sql(), e);
        }
    }

    @Override
    public boolean next() {
        try {
            if (!rows.next()) {
                return false;
            }
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                RemoteColumn column = columns.get(i);
                values[i] = PostgresValues.read(rows, i + 1, column.mapping(), column.name());
            }
            current = new GenericInternalRow(values);
            return true;
        } catch (SQLException e) {
            throw PostgresErrors.onQuery(schema, "reading rows", e);
        }
    }

    @Override
    public InternalRow get() {
        return current;
    }

    @Override
    public void close() {
        PostgresConnections.closeQuietly(rows);
        PostgresConnections.closeQuietly(statement);
        try {
            connection.rollback(); // read-only: nothing to commit
        } catch (SQLException ignored) {
            // the connection is closed next anyway
        }
        PostgresConnections.closeQuietly(connection);
    }
}
