package io.sparkfederated.connector.redshift;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.util.SerializableConfiguration;

import io.sparkfederated.FederatedException;
import io.sparkfederated.exec.QueryScope;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.connector.Dialect;
import io.sparkfederated.connector.pgfamily.PgStats;
import io.sparkfederated.connector.jdbc.JdbcRowReader;
import io.sparkfederated.connector.jdbc.JdbcSourceConnector;
import io.sparkfederated.connector.jdbc.QueryColumns;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.connector.pgfamily.RemoteSchemas;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.exec.FederatedInputPartition;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.exec.RemoteStatement;
import io.sparkfederated.exec.RemoteStatementLog;

/**
 * Amazon Redshift as an external schema's engine ({@code engine=redshift}, {@code FROM REDSHIFT}):
 * metadata from Redshift's PostgreSQL-compatible catalog ({@code pg_class}, {@code pg_attribute},
 * {@code format_type}), reads through the Redshift JDBC driver in one split per scan, with column
 * pruning, the filters {@link RedshiftExpressions} allows, top-N and limits pushed down, and the
 * planner's row estimate for Spark's optimizer. Big results are read through UNLOAD to S3 when a
 * {@code tempdir} is set ({@link UnloadReader}). Not yet: column statistics, the {@code query} option.
 */
public final class RedshiftConnector extends JdbcSourceConnector {

    public static final RedshiftConnector INSTANCE = new RedshiftConnector();

    private static final String LIST_RELATIONS = """
            SELECT c.relname, c.relkind FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relkind IN ('r', 'v') ORDER BY c.relname""";
    private static final String FIND_RELATION = """
            SELECT c.oid, c.relname, c.relkind FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relkind IN ('r', 'v') AND lower(c.relname) = lower(?)""";
    private static final String COLUMNS = """
            SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = %d AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""";

    private RedshiftConnector() {
    }

    @Override
    public Dialect dialect() {
        return RedshiftDialect.INSTANCE;
    }

    @Override
    protected Connection open(ExternalSchema schema) {
        return RedshiftConnections.open(schema);
    }

    @Override
    protected void requireSchema(ExternalSchema schema, Connection c, String remoteSchema) throws SQLException {
        RemoteSchemas.require(schema, c, remoteSchema);
    }

    @Override
    protected List<RemoteRelation> relations(Connection c, String remoteSchema) throws SQLException {
        List<RemoteRelation> relations = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LIST_RELATIONS)) {
            ps.setString(1, remoteSchema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    relations.add(RemoteRelation.table(remoteSchema, rs.getString(1), kind(rs.getString(2))));
                }
            }
        }
        return relations;
    }

    @Override
    protected List<String[]> candidates(Connection c, String remoteSchema, String name) throws SQLException {
        List<String[]> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(FIND_RELATION)) {
            ps.setString(1, remoteSchema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new String[] {Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return candidates;
    }

    /** {@code chosen}: oid, name, relkind. */
    @Override
    protected RemoteTable describe(ExternalSchema schema, Connection c, String remoteSchema, String[] chosen)
            throws SQLException {
        List<RemoteColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS.formatted(Long.parseLong(chosen[0])));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String type = rs.getString(2);
                columns.add(new RemoteColumn(rs.getString(1), type, RedshiftTypeMapping.map(type), !rs.getBoolean(3)));
            }
        }
        return new RemoteTable(schema, RemoteRelation.table(remoteSchema, chosen[1], kind(chosen[2])), columns, false);
    }

    /**
     * The 'query' option: the columns of {@code SELECT * FROM (<query>) AS "q"} as the driver describes
     * them (prepared, not run), their JDBC type names spelled as {@code format_type} spells them.
     */
    @Override
    public RemoteTable describeQuery(ExternalSchema schema, String sql) {
        RemoteRelation relation = RemoteRelation.userQuery(sql);
        try (Connection c = RedshiftConnections.open(schema);
             PreparedStatement ps = c.prepareStatement("SELECT * FROM " + RedshiftDialect.INSTANCE.relation(relation))) {
            ResultSetMetaData md = ps.getMetaData();
            List<String> names = QueryColumns.distinctLabels(schema, md);
            List<RemoteColumn> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = names.get(i - 1);
                String type = RedshiftTypeMapping.formatType(md.getColumnTypeName(i), md.getPrecision(i), md.getScale(i));
                columns.add(new RemoteColumn(name, type, RedshiftTypeMapping.map(type),
                        md.isNullable(i) != ResultSetMetaData.columnNoNulls));
            }
            c.rollback();
            return new RemoteTable(schema, relation, columns, false);
        } catch (SQLException e) {
            throw failure(schema, "describing the 'query' option", e);
        }
    }

    /**
     * One split per scan: Redshift runs the query in parallel on its slices; its result comes back
     * over one connection, or as Parquet files from UNLOAD (see {@link #readsThroughUnload}).
     */
    @Override
    public InputPartition[] planPartitions(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate) {
        ExternalSchema schema = query.table().schema();
        String sql = RedshiftDialect.INSTANCE.render(query);
        if (readsThroughUnload(query, estimate)) {
            SerializableConfiguration hadoop = sessionHadoopConf();
            int parts = Math.max(1, Math.min(MAX_UNLOAD_READERS, SparkSession.active().sparkContext().defaultParallelism()));
            InputPartition[] partitions = new InputPartition[parts];
            for (int i = 0; i < parts; i++) {
                partitions[i] = new UnloadPartition(schema, sql, query.outputColumns(), hadoop, i, parts);
            }
            return partitions;
        }
        return new InputPartition[] {new FederatedInputPartition(schema, sql, query.outputColumns(), null, true)};
    }

    /**
     * UNLOAD when a tempdir is set and the query has no order, limit or offset (UNLOAD's files have no
     * order, and it refuses an outer LIMIT): always with read_method=unload; with auto, when the
     * planner expects at least unload_threshold_mb (no estimate: JDBC).
     */
    static boolean readsThroughUnload(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate) {
        UnloadOptions unload = UnloadOptions.of(query.table().schema());
        if (!unload.enabled() || query.limit() >= 0 || query.offset() > 0 || !query.orderBy().isEmpty()) {
            return false;
        }
        return unload.method() == UnloadOptions.Method.UNLOAD
                || estimate.get().map(e -> e.sizeInBytes() >= unload.thresholdBytes()).orElse(false);
    }

    /** Known while planning, so that Spark creates the reader factory (which runs the UNLOAD) only when the query runs. */
    @Override
    public Optional<Boolean> columnarReads(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate) {
        return Optional.of(readsThroughUnload(query, estimate));
    }

    @Override
    public String describeRead(RemoteQuery query, Supplier<Optional<RemoteEstimate>> estimate) {
        if (!UnloadOptions.of(query.table().schema()).enabled()) {
            return "";
        }
        return readsThroughUnload(query, estimate)
                ? "UNLOAD to " + UnloadOptions.of(query.table().schema()).redshiftTempDir() + "/" : "JDBC";
    }

    /** Most tasks reading one UNLOAD's files (Redshift writes at least one file per slice). */
    private static final int MAX_UNLOAD_READERS = 64;

    /** The session's Hadoop configuration (its S3A settings), for the task that reads the unloaded files. */
    private static SerializableConfiguration sessionHadoopConf() {
        SparkSession spark = SparkSession.active();
        Configuration conf = io.sparkfederated.spark.SparkLine.current().sessionState(spark).map(s -> s.newHadoopConf())
                .orElseGet(() -> spark.sparkContext().hadoopConfiguration());
        return new SerializableConfiguration(conf);
    }

    /**
     * The planner's estimate from plain {@code EXPLAIN} (not run): its first line ends
     * {@code (cost=… rows=N width=W)} in Redshift ({@code XN …}) as in PostgreSQL. Advice only: any
     * failure means "unknown". Column statistics (NULLs, distinct values, width) from pg_stats for
     * plain scans of analysed tables.
     */
    @Override
    public Optional<RemoteEstimate> estimate(RemoteQuery query) {
        ExternalSchema schema = query.table().schema();
        String explain = "EXPLAIN " + RedshiftDialect.INSTANCE.render(query);
        try (Connection c = RedshiftConnections.open(schema); PreparedStatement ps = c.prepareStatement(explain);
             ResultSet rs = RemoteStatementLog.call(schema, RemoteStatement.Method.ESTIMATE, explain, ps::executeQuery)) {
            if (rs.next()) {
                java.util.regex.Matcher m = PLAN_LINE.matcher(rs.getString(1));
                if (m.find()) {
                    long rows = (long) Double.parseDouble(m.group(1));
                    return Optional.of(new RemoteEstimate(rows, Long.parseLong(m.group(2)), columnEstimates(c, query, rows)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            // statistics are advice
        }
        return Optional.empty();
    }

    /** Redshift's pg_stats (PostgreSQL 8.0's: no {@code inherited} column). */
    private static final String COLUMN_STATISTICS = """
            SELECT attname, null_frac, n_distinct, avg_width FROM pg_catalog.pg_stats
            WHERE schemaname = ? AND tablename = ?""";

    /** Column statistics where pg_stats has them; none (and the row estimate kept) where it cannot be read. */
    private static java.util.Map<String, RemoteEstimate.ColumnEstimate> columnEstimates(Connection c, RemoteQuery query,
                                                                                          long rows) {
        try {
            return PgStats.columnEstimates(c, query, rows, COLUMN_STATISTICS);
        } catch (SQLException e) {
            return java.util.Map.of();
        }
    }

    private static final java.util.regex.Pattern PLAN_LINE = java.util.regex.Pattern.compile("rows=([0-9.eE+]+) width=([0-9]+)");

    @Override
    public PartitionReaderFactory readerFactory() {
        return new ReaderFactory(null, null);
    }

    /**
     * Inside a SQL execution, the UNLOAD of planned UNLOAD partitions runs here, on the driver, once per
     * execution (Spark asks for the reader factory when the query runs, never for EXPLAIN); its files
     * are deleted when the execution ends, however it ends ({@link QueryScope}).
     */
    @Override
    public PartitionReaderFactory readerFactory(InputPartition[] planned) {
        if (planned == null || planned.length == 0 || !(planned[0] instanceof UnloadPartition first)) {
            return readerFactory();
        }
        UnloadedFiles files = QueryScope.getOrOpen("redshift-unload:" + first.schema().connectionKey() + "\n" + first.sql(),
                () -> UnloadedFiles.unload(new UnloadRun(first.schema(), first.sql(), first.hadoop())));
        return files == null ? readerFactory() : new ReaderFactory(files.files(), QueryScope.currentExecution());
    }

    /** JDBC splits are read row by row; UNLOAD splits as Parquet column batches. */
    private record ReaderFactory(List<UnloadRun.File> unloaded, String execution) implements PartitionReaderFactory {
        @Override
        public boolean supportColumnarReads(InputPartition partition) {
            return partition instanceof UnloadPartition;
        }

        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            FederatedInputPartition split = (FederatedInputPartition) partition;
            return new JdbcRowReader(split, RedshiftConnections.open(split.schema()), "Redshift");
        }

        @Override
        public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
            return new UnloadReader((UnloadPartition) partition, unloaded, execution);
        }
    }

    private static String kind(String relkind) {
        return "v".equals(relkind) ? "VIEW" : "TABLE";
    }

    @Override
    protected FederatedException failure(ExternalSchema schema, String what, SQLException e) {
        return new FederatedException(schema.describe() + ": " + what + " failed: " + e.getMessage(), e);
    }
}
