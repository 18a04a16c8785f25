package io.sparkfederated.connector.postgres;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteQuery;

/**
 * The columns (names and declared types) a scan's plan was built on, checked against the remote
 * relation where its rows are read: a column dropped or retyped since the metadata was read (a
 * cached catalog table, a DataFrame kept across changes) fails with what to do, instead of being
 * decoded as the old type.
 *
 * @param relation the quoted, schema-qualified relation name
 * @param names    the columns read, as stored
 * @param types    their declared types, as {@code format_type} spells them
 */
record PgColumnCheck(String relation, String displayName, List<String> names, List<String> types) implements Serializable {

    private static final String COLUMNS = """
            SELECT a.attname, pg_catalog.format_type(a.atttypid, NULLIF(a.atttypmod, -1))
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped""";

    /** The check of a scan of a named relation; null for a 'query' or a pushed-down join. */
    static PgColumnCheck of(RemoteQuery query) {
        RemoteRelation relation = query.table().relation();
        if (relation.isQuery()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (RemoteColumn c : query.columns()) {
            names.add(c.name());
            types.add(c.remoteType());
        }
        PostgresDialect dialect = PostgresDialect.INSTANCE;
        return new PgColumnCheck(dialect.quoteIdentifier(relation.schema()) + "." + dialect.quoteIdentifier(relation.table()),
                relation.displayName(), List.copyOf(names), List.copyOf(types));
    }

    /** Reads the relation's columns as the connection's transaction sees them and fails on any difference. */
    void verify(Connection c, ExternalSchema schema) throws SQLException {
        Map<String, String> now = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    now.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String type = now.get(names.get(i));
            if (type == null) {
                changes.add("column \"" + names.get(i) + "\" no longer exists");
            } else if (!type.equals(types.get(i))) {
                changes.add("column \"" + names.get(i) + "\" is " + type + " now, was " + types.get(i));
            }
        }
        if (!changes.isEmpty()) {
            throw changed(schema, displayName, String.join("; ", changes));
        }
    }

    /** The remote relation no longer matches the metadata the plan was built on. */
    static FederatedException changed(ExternalSchema schema, String relation, String what) {
        return new FederatedException(schema.describe() + ": remote relation " + relation + " changed since its metadata"
                + " was read (" + what + "); run REFRESH TABLE on it (a catalog table) or load the DataFrame again"
                + " (format(\"federated\")), then run the query again");
    }
}
