package io.sparkfederated.connector.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;

/** Tables, views and columns of one MySQL database, from {@code information_schema}. */
final class MySqlMetadata {

    private static final String RELATIONS = """
            SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')""";
    private static final String COLUMNS = """
            SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, NUMERIC_PRECISION, NUMERIC_SCALE, COLLATION_NAME
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION""";

    private MySqlMetadata() {
    }

    /** Every table and view, sorted by name (in Java: information_schema's collation ignores case and accents). */
    static List<RemoteRelation> relations(Connection c, String database) throws SQLException {
        List<RemoteRelation> relations = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(RELATIONS)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    relations.add(RemoteRelation.table(database, rs.getString(1), kind(rs.getString(2))));
                }
            }
        }
        relations.sort(Comparator.comparing(RemoteRelation::table));
        return relations;
    }

    /** The relations of that name ignoring case, as kind and name. */
    static List<String[]> candidates(Connection c, String database, String name) throws SQLException {
        return relations(c, database).stream().filter(r -> r.table().equalsIgnoreCase(name))
                .map(r -> new String[] {r.kind(), r.table()}).toList();
    }

    /** {@code chosen} (kind, name) with its columns. */
    static RemoteTable describe(ExternalSchema schema, Connection c, String database, String[] chosen) throws SQLException {
        List<RemoteColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, database);
            ps.setString(2, chosen[1]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String columnType = rs.getString(3);
                    columns.add(new RemoteColumn(rs.getString(1), columnType,
                            MySqlTypeMapping.map(rs.getString(2), columnType, rs.getLong(5), rs.getLong(6), rs.getString(7),
                                    MySqlReadOptions.of(schema)),
                            "YES".equals(rs.getString(4))));
                }
            }
        }
        return new RemoteTable(schema, RemoteRelation.table(database, chosen[1], chosen[0]), columns, true);
    }

    private static String kind(String tableType) {
        return "VIEW".equals(tableType) ? "VIEW" : "TABLE";
    }
}
