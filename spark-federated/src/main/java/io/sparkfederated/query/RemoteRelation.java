package io.sparkfederated.query;

import java.io.Serializable;

/**
 * What a scan reads from: a remote table (or view, …) by schema and name, a remote SELECT given by
 * the user, or a join of relations of one remote database pushed down by Spark. Exactly one of
 * {@code table} or {@code query} is set.
 *
 * @param kind        the remote relation kind (TABLE, VIEW, …), QUERY or JOIN
 * @param label       for a JOIN, the relations it joins ("public.orders INNER JOIN public.customers"), else null
 * @param partitionOf for a partition, the remote partitioned table it belongs to ("public.events"), else null
 */
public record RemoteRelation(String schema, String table, String kind, String query, String label, String partitionOf)
        implements Serializable {

    public static final String JOIN = "JOIN";

    public static RemoteRelation table(String schema, String table, String kind) {
        return partition(schema, table, kind, null);
    }

    /** A table that is a partition of {@code partitionOf} ("schema.table"; null: not a partition). */
    public static RemoteRelation partition(String schema, String table, String kind, String partitionOf) {
        return new RemoteRelation(schema, table, kind, null, null, partitionOf);
    }

    public static RemoteRelation query(String sql) {
        return new RemoteRelation(null, null, "QUERY", sql, null, null);
    }

    /** The 'query' option's SELECT as a relation (trailing semicolons dropped: it becomes a subquery). */
    public static RemoteRelation userQuery(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return query(s);
    }

    /** A pushed-down join: the remote SELECT that computes it, and what it joins (for EXPLAIN and messages). */
    public static RemoteRelation join(String sql, String label) {
        return new RemoteRelation(null, null, JOIN, sql, label, null);
    }

    /** Whether this relation is a SELECT (given by the user or a pushed-down join) rather than a named table. */
    public boolean isQuery() {
        return query != null;
    }

    /** "schema.table", "(query)" or the joined relations, for messages. */
    public String displayName() {
        return label != null ? label : isQuery() ? "(query)" : schema + "." + table;
    }
}
