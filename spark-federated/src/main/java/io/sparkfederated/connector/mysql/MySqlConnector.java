package io.sparkfederated.connector.mysql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

import io.sparkfederated.connector.ColumnarReaderFactory;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.connector.Dialect;
import io.sparkfederated.connector.jdbc.QueryColumns;
import io.sparkfederated.connector.jdbc.JdbcSourceConnector;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;

/**
 * MySQL 8.0+ (RDS, Aurora MySQL 3) and MariaDB 10.6+ ({@code engine=mysql}, {@code FROM MYSQL}): the
 * database is the schema; metadata from {@code information_schema}; tables read in primary-key range
 * splits that share one snapshot ({@link MySqlScanPlanner}), each streamed into column batches.
 */
public final class MySqlConnector extends JdbcSourceConnector {

    public static final MySqlConnector INSTANCE = new MySqlConnector();

    private MySqlConnector() {
    }

    @Override
    public Dialect dialect() {
        return MySqlDialect.INSTANCE;
    }

    @Override
    protected Connection open(ExternalSchema schema) {
        return MySqlConnections.open(schema);
    }

    @Override
    protected RuntimeException failure(ExternalSchema schema, String doing, SQLException e) {
        return MySqlErrors.onQuery(schema, doing, e);
    }

    /** The database is the schema, and the session is opened in it: an unknown one fails to connect, naming it. */
    @Override
    protected void requireSchema(ExternalSchema schema, Connection c, String remoteSchema) {
    }

    @Override
    protected List<RemoteRelation> relations(Connection c, String remoteSchema) throws SQLException {
        return MySqlMetadata.relations(c, remoteSchema);
    }

    @Override
    protected List<String[]> candidates(Connection c, String remoteSchema, String name) throws SQLException {
        return MySqlMetadata.candidates(c, remoteSchema, name);
    }

    @Override
    protected RemoteTable describe(ExternalSchema schema, Connection c, String remoteSchema, String[] chosen)
            throws SQLException {
        return MySqlMetadata.describe(schema, c, remoteSchema, chosen);
    }

    /** The columns of {@code SELECT * FROM (<query>) AS q LIMIT 0} (MySQL prepares client-side: LIMIT 0 reads no row). */
    @Override
    public RemoteTable describeQuery(ExternalSchema schema, String sql) {
        RemoteRelation relation = RemoteRelation.userQuery(sql);
        try (Connection c = MySqlConnections.open(schema); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + MySqlDialect.INSTANCE.relation(relation) + " LIMIT 0")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> names = QueryColumns.distinctLabels(schema, md);
            List<RemoteColumn> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String[] type = MySqlTypeMapping.fromResultMetadata(md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i),
                        md.getColumnDisplaySize(i));
                String collation = isText(type[0]) ? "utf8mb4_general_ci" : null; // unknown: the conservative case
                columns.add(new RemoteColumn(names.get(i - 1), type[1],
                        MySqlTypeMapping.map(type[0], type[1], md.getPrecision(i), md.getScale(i), collation,
                                MySqlReadOptions.of(schema)),
                        md.isNullable(i) != ResultSetMetaData.columnNoNulls));
            }
            return new RemoteTable(schema, relation, columns, true);
        } catch (SQLException e) {
            throw MySqlErrors.onQuery(schema, "describing the 'query' option", e);
        }
    }

    private static boolean isText(String type) {
        return type.contains("char") || type.contains("text") || type.equals("enum") || type.equals("set");
    }

    @Override
    public InputPartition[] planPartitions(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate) {
        return MySqlScanPlanner.plan(query);
    }

    @Override
    public String describeRead(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate) {
        return MySqlScanPlanner.describe(query);
    }

    @Override
    public Optional<RemoteEstimate> estimate(RemoteQuery query) {
        return MySqlStatistics.estimate(query);
    }

    @Override
    public PartitionReaderFactory readerFactory() {
        return new ColumnarReaderFactory(split -> new MySqlColumnarReader(split, MySqlSplitSession.open(split)));
    }
}
