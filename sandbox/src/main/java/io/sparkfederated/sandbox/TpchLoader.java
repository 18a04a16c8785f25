package io.sparkfederated.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;

import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;

/**
 * Loads TPC-H tables (realistic, deterministic rows from {@code io.trino.tpch}) into a sandbox
 * database, streaming them through COPY (PostgreSQL) or {@code LOAD DATA LOCAL INFILE} (MariaDB).
 * Table and column names are TPC-H's ({@code orders}, {@code o_orderkey} …).
 */
public final class TpchLoader {

    private TpchLoader() {
    }

    /**
     * The column types a table is created with. {@link #SPEC}: TPC-H's own (and Redshift's TPC-H DDL):
     * prices and quantities {@code decimal(15,2)}, fixed-length text {@code char(n)}, other text
     * {@code varchar(n)}. {@link #DOUBLE}: prices and quantities {@code double precision}, all text
     * {@code varchar(n)} (the generator's own types).
     */
    public enum Types {
        SPEC, DOUBLE
    }

    /** The columns TPC-H declares {@code CHAR(n)} (clause 1.4.1); every other text column is {@code VARCHAR(n)}. */
    public static final java.util.Set<String> CHAR_COLUMNS = java.util.Set.of(
            "l_returnflag", "l_linestatus", "l_shipinstruct", "l_shipmode", "o_orderstatus", "o_orderpriority", "o_clerk",
            "c_phone", "c_mktsegment", "n_name", "r_name", "p_mfgr", "p_brand", "p_container", "s_name", "s_phone");

    /** Creates and fills each table at the given scale factor (1.0 = the 1 GB TPC-H data set), double types. */
    public static void load(PostgresServer server, String database, double scaleFactor, TpchTable<?>... tables) {
        load(server, database, scaleFactor, Types.DOUBLE, tables);
    }

    /** Creates and fills each table at the given scale factor with the given column types. */
    public static void load(PostgresServer server, String database, double scaleFactor, Types types, TpchTable<?>... tables) {
        try (Connection c = server.connect(database)) {
            for (TpchTable<?> table : tables) {
                load(c, table, scaleFactor, types);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading TPC-H data into " + database + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Creates and fills each table in a MariaDB database, with TPC-H's primary keys (InnoDB tables
     * have one in practice, and it is what spark-federated splits a MySQL scan by).
     */
    public static void load(MariaDbServer server, String database, double scaleFactor, TpchTable<?>... tables) {
        load(server, database, scaleFactor, Types.DOUBLE, tables);
    }

    /** As {@link #load(MariaDbServer, String, double, TpchTable[])}, with the given column types. */
    public static void load(MariaDbServer server, String database, double scaleFactor, Types types, TpchTable<?>... tables) {
        String url = server.jdbcUrl(database) + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&allowLoadLocalInfile=true";
        try (Connection c = DriverManager.getConnection(url, server.user(), server.password())) {
            for (TpchTable<?> table : tables) {
                loadMySql(c, table, scaleFactor, types);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading TPC-H data into MariaDB " + database + " failed: " + e.getMessage(), e);
        }
    }

    private static final Map<String, List<String>> PRIMARY_KEYS = Map.of(
            "orders", List.of("o_orderkey"), "lineitem", List.of("l_orderkey", "l_linenumber"),
            "customer", List.of("c_custkey"), "nation", List.of("n_nationkey"), "region", List.of("r_regionkey"),
            "part", List.of("p_partkey"), "supplier", List.of("s_suppkey"), "partsupp", List.of("ps_partkey", "ps_suppkey"));

    private static <E extends TpchEntity> void loadMySql(Connection c, TpchTable<E> table, double scaleFactor, Types types)
            throws SQLException {
        String name = table.getTableName();
        String columns = columns(table, types);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + name);
            s.execute("CREATE TABLE " + name + " (" + columns + ", PRIMARY KEY (" + String.join(", ", PRIMARY_KEYS.get(name))
                    + ")) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            // the generator's lines, streamed as the LOCAL INFILE (no file on disk)
            InputStream lines = new LinesStream(new LinesReader(table.createGenerator(scaleFactor, 1, 1).iterator()));
            s.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(lines);
            s.execute("LOAD DATA LOCAL INFILE 'tpch' INTO TABLE " + name + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '|'");
            s.execute("ANALYZE TABLE " + name);
        }
    }

    private static <E extends TpchEntity> void load(Connection c, TpchTable<E> table, double scaleFactor, Types types)
            throws SQLException {
        String columns = columns(table, types);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table.getTableName());
            s.execute("CREATE TABLE " + table.getTableName() + " (" + columns + ")");
        }
        Iterator<E> rows = table.createGenerator(scaleFactor, 1, 1).iterator();
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + table.getTableName() + " FROM STDIN (FORMAT text, DELIMITER '|')", new LinesReader(rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE " + table.getTableName());
        }
    }

    /** The table's column list for CREATE TABLE (the same SQL for PostgreSQL and MySQL). */
    public static String columns(TpchTable<?> table, Types types) {
        return table.getColumns().stream()
                .map(col -> col.getColumnName() + " " + sqlType(col.getColumnName(), col.getType(), types) + " NOT NULL")
                .collect(Collectors.joining(", "));
    }

    private static String sqlType(String column, TpchColumnType type, Types types) {
        return switch (type.getBase()) {
            case INTEGER -> "integer";
            case IDENTIFIER -> "bigint";
            case DATE -> "date";
            case DOUBLE -> types == Types.SPEC ? "decimal(15,2)" : type.getPrecision().isPresent()
                    ? "numeric(" + type.getPrecision().get() + "," + type.getScale().orElse(0L) + ")" : "double precision";
            case VARCHAR -> type.getPrecision()
                    .map(p -> (types == Types.SPEC && CHAR_COLUMNS.contains(column) ? "char(" : "varchar(") + p + ")")
                    .orElse("text");
        };
    }

    /** The lines as UTF-8 bytes, for Connector/J's LOCAL INFILE stream. */
    private static final class LinesStream extends InputStream {
        private final Reader lines;
        private final char[] chars = new char[8192];
        private byte[] bytes = new byte[0];
        private int position;

        LinesStream(Reader lines) {
            this.lines = lines;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (position == bytes.length) {
                int n = lines.read(chars, 0, chars.length);
                if (n < 0) {
                    return -1;
                }
                bytes = new String(chars, 0, n).getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            int n = Math.min(length, bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    /** Streams generated rows as COPY text lines (TPC-H's '|'-terminated lines, minus the last '|'). */
    private static final class LinesReader extends Reader {
        private final Iterator<? extends TpchEntity> rows;
        private String current = "";
        private int position;

        LinesReader(Iterator<? extends TpchEntity> rows) {
            this.rows = rows;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (position == current.length()) {
                if (!rows.hasNext()) {
                    return -1;
                }
                String line = rows.next().toLine();
                current = (line.endsWith("|") ? line.substring(0, line.length() - 1) : line) + "\n";
                position = 0;
            }
            int n = Math.min(length, current.length() - position);
            current.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
