package io.sparkfederated.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;

import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;

/**
 * Loads TPC-H tables (realistic, deterministic rows from {@code io.trino.tpch}) into a sandbox
 * database, streaming them through COPY. Table and column names are TPC-H's ({@code orders},
 * {@code o_orderkey} …).
 */
public final class TpchLoader {

    private TpchLoader() {
    }

    /** Creates and fills each table at the given scale factor (1.0 = the 1 GB TPC-H data set). */
    public static void load(PostgresServer server, String database, double scaleFactor, TpchTable<?>... tables) {
        try (Connection c = server.connect(database)) {
            for (TpchTable<?> table : tables) {
                load(c, table, scaleFactor);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading TPC-H data into " + database + " failed: " + e.getMessage(), e);
        }
    }

    private static <E extends TpchEntity> void load(Connection c, TpchTable<E> table, double scaleFactor) throws SQLException {
        String columns = table.getColumns().stream()
                .map(col -> col.getColumnName() + " " + sqlType(col.getType()) + " NOT NULL")
                .collect(Collectors.joining(", "));
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

    private static String sqlType(TpchColumnType type) {
        return switch (type.getBase()) {
            case INTEGER -> "integer";
            case IDENTIFIER -> "bigint";
            case DATE -> "date";
            case DOUBLE -> type.getPrecision().isPresent()
                    ? "numeric(" + type.getPrecision().get() + "," + type.getScale().orElse(0L) + ")" : "double precision";
            case VARCHAR -> type.getPrecision().map(p -> "varchar(" + p + ")").orElse("text");
        };
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
