package io.sparkfederated.connector;

import java.io.Serializable;

/**
 * What a scan reads from: a remote table (or view, …) by schema and name, or a remote SELECT.
 * Exactly one of {@code table} or {@code query} is set.
 */
public record RemoteRelation(String schema, String table, String kind, String query) implements Serializable {

    public static RemoteRelation table(String schema, String table, String kind) {
        return new RemoteRelation(schema, table, kind, null);
    }

    public static RemoteRelation query(String sql) {
        return new RemoteRelation(null, null, "QUERY", sql);
    }

    public boolean isQuery() {
        return query != null;
    }

    /** "schema.table" or "(query)", for messages. */
    public String displayName() {
        return isQuery() ? "(query)" : schema + "." + table;
    }
}
