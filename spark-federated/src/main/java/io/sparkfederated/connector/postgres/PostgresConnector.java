package io.sparkfederated.connector.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.sql.connector.read.InputPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

import io.sparkfederated.connector.ColumnarReaderFactory;
import io.sparkfederated.config.CommonOptions;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.connector.Dialect;
import io.sparkfederated.connector.pgfamily.PgStats;
import io.sparkfederated.connector.jdbc.JdbcSourceConnector;
import io.sparkfederated.connector.jdbc.QueryColumns;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.connector.pgfamily.RemoteSchemas;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;

/** PostgreSQL (and RDS / Aurora PostgreSQL) 12+: metadata from pg_catalog, reads by binary COPY through pgjdbc. */
public final class PostgresConnector extends JdbcSourceConnector {

    public static final PostgresConnector INSTANCE = new PostgresConnector();
    private static final Logger LOG = LoggerFactory.getLogger(PostgresConnector.class);
    /** The first major version that hashes long IN lists. */
    private static final int HASHED_IN_LISTS_MAJOR = 14;
    /** The first (top) plan node's estimates in EXPLAIN (FORMAT JSON). */
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");
    private static final Pattern PLAN_WIDTH = Pattern.compile("\"Plan Width\":\\s*([0-9]+)");
    private static final Pattern PLAN_COST = Pattern.compile("\"Total Cost\":\\s*([0-9.eE+]+)");

    private PostgresConnector() {
    }

    @Override
    public Dialect dialect() {
        return PostgresDialect.INSTANCE;
    }

    @Override
    protected Connection open(ExternalSchema schema) {
        return PostgresConnections.open(schema);
    }

    @Override
    protected RuntimeException failure(ExternalSchema schema, String doing, SQLException e) {
        return PostgresErrors.onQuery(schema, doing, e);
    }

    @Override
    protected void requireSchema(ExternalSchema schema, Connection c, String remoteSchema) throws SQLException {
        RemoteSchemas.require(schema, c, remoteSchema);
    }

    @Override
    protected List<RemoteRelation> relations(Connection c, String remoteSchema) throws SQLException {
        List<RemoteRelation> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PostgresCatalogQueries.LIST_RELATIONS)) {
            ps.setString(1, remoteSchema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(RemoteRelation.partition(remoteSchema, rs.getString(1), relationKind(rs.getString(2)),
                            rs.getString(3)));
                }
            }
        }
        return names;
    }

    @Override
    protected List<String[]> candidates(Connection c, String remoteSchema, String name) throws SQLException {
        List<String[]> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PostgresCatalogQueries.FIND_RELATION)) {
            ps.setString(1, remoteSchema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        return candidates;
    }

    /** {@code chosen}: oid, name, relkind, the partitioned table it is a partition of (or null). */
    @Override
    protected RemoteTable describe(ExternalSchema schema, Connection c, String remoteSchema, String[] chosen)
            throws SQLException {
        RemoteRelation relation = RemoteRelation.partition(remoteSchema, chosen[1], relationKind(chosen[2]), chosen[3]);
        List<RemoteColumn> columns;
        try (PreparedStatement ps = c.prepareStatement(
                PostgresCatalogQueries.describeColumns(PostgresCatalogQueries.RELATION_COLUMNS_SOURCE))) {
            ps.setLong(1, Long.parseLong(chosen[0]));
            columns = readColumns(c, ps, relation);
        }
        return new RemoteTable(schema, relation, columns, isUtf8(c));
    }

    private static String relationKind(String relkind) {
        return switch (relkind) {
            case "v" -> "VIEW";
            case "m" -> "MATERIALIZED VIEW";
            case "f" -> "FOREIGN TABLE";
            case "p" -> "PARTITIONED TABLE";
            default -> "TABLE";
        };
    }

    @Override
    public RemoteTable describeQuery(ExternalSchema schema, String sql) {
        RemoteRelation relation = RemoteRelation.userQuery(sql);
        try (Connection c = PostgresConnections.open(schema)) {
            List<String> names;
            List<String> typeNames = new ArrayList<>();
            List<Integer> typmods = new ArrayList<>();
            String wrapped = "SELECT * FROM " + PostgresDialect.INSTANCE.relation(relation);
            try (PreparedStatement ps = c.prepareStatement(wrapped)) {
                ResultSetMetaData md = ps.getMetaData();
                names = QueryColumns.distinctLabels(schema, md);
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    typeNames.add(md.getColumnTypeName(i));
                    typmods.add(typmod(md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i)));
                }
            }
            List<RemoteColumn> columns;
            try (PreparedStatement ps = c.prepareStatement(
                    PostgresCatalogQueries.describeColumns(PostgresCatalogQueries.RESULT_COLUMNS_SOURCE))) {
                ps.setArray(1, c.createArrayOf("text", names.toArray()));
                ps.setArray(2, c.createArrayOf("text", typeNames.toArray()));
                ps.setArray(3, c.createArrayOf("int4", typmods.toArray()));
                columns = readColumns(c, ps, relation);
            }
            return new RemoteTable(schema, relation, columns, isUtf8(c));
        } catch (SQLException e) {
            throw PostgresErrors.onQuery(schema, "describing the 'query' option", e);
        }
    }

    private static boolean isUtf8(Connection c) throws SQLException {
        return "UTF8".equalsIgnoreCase(c.unwrap(org.postgresql.PGConnection.class).getParameterStatus("server_encoding"));
    }

    /** Rebuilds the numeric type modifier, the one the Spark mapping depends on, from JDBC metadata. */
    private static int typmod(String typeName, int precision, int scale) {
        boolean numeric = typeName.equals("numeric") || typeName.equals("_numeric");
        return numeric && precision > 0 ? ((precision << 16) | (scale & 0xFFFF)) + 4 : -1;
    }

    /** One row of {@link PostgresCatalogQueries#describeColumns}. */
    private record DescribedColumn(String name, String declared, PgType type, boolean nullable) {
    }

    private static List<RemoteColumn> readColumns(Connection c, PreparedStatement ps, RemoteRelation relation)
            throws SQLException {
        List<DescribedColumn> described = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int typmod = rs.getInt("typmod");
                String elemName = rs.getString("elem_name");
                PgType type = elemName == null
                        ? PgType.scalar(rs.getString("typname"), rs.getString("typtype").charAt(0), typmod)
                        : PgType.array(PgType.scalar(elemName, rs.getString("elem_typtype").charAt(0), typmod),
                        rs.getInt("ndims"));
                described.add(new DescribedColumn(rs.getString("name"), rs.getString("declared"), type, !rs.getBoolean("notnull")));
            }
        }
        List<String> unknown = described.stream().filter(d -> d.type().isArray() && d.type().dimensions() == 0)
                .map(DescribedColumn::name).toList();
        Map<String, Integer> found = unknown.isEmpty() ? Map.of() : arrayDimensions(c, relation, unknown);
        return described.stream().map(d -> {
            // no non-empty value to learn from: one dimension (a value with more fails the read, naming the column)
            PgType type = unknown.contains(d.name()) ? d.type().withDimensions(found.getOrDefault(d.name(), 1)) : d.type();
            return new RemoteColumn(d.name(), d.declared(), PostgresTypeMapping.map(type), d.nullable());
        }).toList();
    }

    /**
     * The dimensions of the given array columns' first non-empty values, by column, read at planning
     * time: the Spark type is fixed before any row is read. Columns without such a value are left out;
     * so are all when the probe fails (say, SELECT is not granted: the read reports that).
     */
    private static Map<String, Integer> arrayDimensions(Connection c, RemoteRelation relation, List<String> columns) {
        String sql = PostgresCatalogQueries.arrayDimensions(PostgresDialect.INSTANCE.relation(relation),
                columns.stream().map(PostgresDialect.INSTANCE::quoteIdentifier).toList());
        Map<String, Integer> dims = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            for (int i = 0; i < columns.size(); i++) {
                int n = rs.getInt(i + 1);
                if (n > 0) {
                    dims.put(columns.get(i), n);
                }
            }
        } catch (SQLException e) {
            LOG.debug("no array dimensions for {}: {}", relation.displayName(), e.toString());
        }
        return dims;
    }

    @Override
    public InputPartition[] planPartitions(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate) {
        return PostgresScanPlanner.plan(query);
    }

    /**
     * PostgreSQL 14 evaluates a long IN list or {@code = ANY} array with a hash table; 12 and 13 test
     * it value by value for every row, so there (or on a server not yet seen) a runtime filter sends
     * at most the common default of values.
     */
    @Override
    public int runtimeFilterMaxValues(RemoteTable table) {
        int configured = super.runtimeFilterMaxValues(table);
        return PostgresConnections.knownMajor(table.schema()).orElse(0) >= HASHED_IN_LISTS_MAJOR ? configured
                : Math.min(configured, Integer.parseInt(CommonOptions.RUNTIME_FILTER_MAX_VALUES.defaultValue()));
    }

    @Override
    public boolean aggregatesPerSplit(RemoteQuery query, Supplier<Optional<RemoteEstimate>> relationEstimate) {
        return PostgresScanPlanner.splitsLarge(query, relationEstimate);
    }

    /**
     * Asks PostgreSQL's planner ({@code EXPLAIN}, not run): its row and width estimates already account
     * for the pushed filters, aggregation and limit, for views, queries and partitioned tables, from
     * the statistics {@code ANALYZE} keeps. Statistics are advice: any failure means "unknown".
     */
    @Override
    public Optional<RemoteEstimate> estimate(RemoteQuery query) {
        ExternalSchema schema = query.table().schema();
        String explain = "EXPLAIN (FORMAT JSON) " + PostgresDialect.INSTANCE.render(query);
        try (Connection c = PostgresConnections.open(schema); PreparedStatement ps = c.prepareStatement(explain);
             ResultSet rs = RemoteStatementLog.call(schema, RemoteStatement.Method.ESTIMATE, explain, ps::executeQuery)) {
            rs.next();
            String plan = rs.getString(1);
            Matcher rows = PLAN_ROWS.matcher(plan);
            Matcher width = PLAN_WIDTH.matcher(plan);
            Matcher cost = PLAN_COST.matcher(plan);
            if (rows.find() && width.find()) {
                long rowCount = (long) Double.parseDouble(rows.group(1));
                return Optional.of(new RemoteEstimate(rowCount, Long.parseLong(width.group(1)), PgStats.columnEstimates(c, query,
                        rowCount, PostgresCatalogQueries.COLUMN_STATISTICS), cost.find() ? Double.parseDouble(cost.group(1)) : Double.NaN));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("{}: no estimate for {}: {}", schema.describe(), query.table().relation().displayName(), e.toString());
        }
        return Optional.empty();
    }

    @Override
    public PartitionReaderFactory readerFactory() {
        return new ColumnarReaderFactory(split -> new PostgresCopyReader(split, PgSplitSession.open(split)));
    }
}
