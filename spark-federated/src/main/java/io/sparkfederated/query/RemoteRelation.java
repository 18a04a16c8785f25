package io.sparkfederated.query;

import java.io.Serializable;
import java.util.List;

/**
 * What a scan reads from: a remote table (or view, …) by schema and name, a remote SELECT given by
 * the user, or a join of relations of one remote database pushed down by Spark. Exactly one of
 * {@code table} or {@code query} is set.
 *
 * @param kind        the remote relation kind (TABLE, VIEW, …), QUERY or JOIN
 * @param label       for a JOIN, the relations it joins ("public.orders INNER JOIN public.customers"), else null
 * @param partitionOf for a partition, the remote partitioned table it belongs to ("public.events"), else null
 * @param splitTargets for a JOIN, the tables it may be split by (see {@link SplitTarget}), else empty
 */
public record RemoteRelation(String schema, String table, String kind, String query, String label, String partitionOf,
                             List<SplitTarget> splitTargets) implements Serializable {

    public RemoteRelation {
        splitTargets = List.copyOf(splitTargets);
    }

    public static final String JOIN = "JOIN";

    public static RemoteRelation table(String schema, String table, String kind) {
        return partition(schema, table, kind, null);
    }

    /** A table that is a partition of {@code partitionOf} ("schema.table"; null: not a partition). */
    public static RemoteRelation partition(String schema, String table, String kind, String partitionOf) {
        return new RemoteRelation(schema, table, kind, null, null, partitionOf, List.of());
    }

    public static RemoteRelation query(String sql) {
        return new RemoteRelation(null, null, "QUERY", sql, null, null, List.of());
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
        return join(sql, label, List.of());
    }

    /** A pushed-down join whose SQL marks the tables it may be split by. */
    public static RemoteRelation join(String sql, String label, List<SplitTarget> splitTargets) {
        return new RemoteRelation(null, null, JOIN, sql, label, null, splitTargets);
    }

    /** Whether this is a plain table or materialized view (one relation whose rows have a ctid of their own). */
    public boolean isPlainHeap() {
        return !isQuery() && ("TABLE".equals(kind) || "MATERIALIZED VIEW".equals(kind));
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
