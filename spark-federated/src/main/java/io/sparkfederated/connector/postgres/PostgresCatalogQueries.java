package io.sparkfederated.connector.postgres;

import java.util.List;
import java.util.stream.Collectors;

/** The catalog SQL spark-federated sends to PostgreSQL (12+), in one place. */
final class PostgresCatalogQueries {

    private PostgresCatalogQueries() {
    }

    /** Relation kinds Spark can read: table, view, materialized view, foreign table, partitioned table. */
    private static final String READABLE_KINDS = "c.relkind IN ('r','v','m','f','p')";

    /** The parent of a partition as "schema.table" (partition_of), else NULL. */
    private static final String PARENT = """
            LEFT JOIN pg_catalog.pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
            LEFT JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
            LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace""";

    /** Every readable relation, partitions included (each can be read on its own). */
    static final String LIST_RELATIONS = """
            SELECT c.relname, c.relkind, pn.nspname || '.' || p.relname AS partition_of FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            %s
            WHERE n.nspname = ? AND %s
            ORDER BY c.relname""".formatted(PARENT, READABLE_KINDS);

    /**
     * Which server a session is on: behind a reader endpoint or a proxy one host name leads to several
     * servers, and a snapshot exported on one cannot be imported on another.
     */
    static final String SERVER_IDENTITY = "pg_catalog.pg_postmaster_start_time()::text || ' at '"
            + " || coalesce(pg_catalog.host(pg_catalog.inet_server_addr()), 'socket') || ':'"
            + " || coalesce(pg_catalog.inet_server_port()::text, '')";

    /**
     * Tables and materialized views this session holds a lock on that were rewritten (TRUNCATE, VACUUM
     * FULL, CLUSTER, ALTER TABLE, REFRESH) after its transaction's snapshot: pg_class as that snapshot
     * sees it names another file than the current one.
     */
    static final String REWRITTEN_SINCE_SNAPSHOT = """
            SELECT c.oid::regclass::text FROM pg_catalog.pg_locks l
            JOIN pg_catalog.pg_class c ON c.oid = l.relation
            WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted
              AND c.relkind IN ('r', 'm') AND c.relfilenode <> 0
              AND c.relfilenode IS DISTINCT FROM pg_catalog.pg_relation_filenode(c.oid)""";

    /** Candidates for a name: the exact one and any that differ only in case. */
    static final String FIND_RELATION = """
            SELECT c.oid, c.relname, c.relkind, pn.nspname || '.' || p.relname AS partition_of FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            %s
            WHERE n.nspname = ? AND %s AND lower(c.relname) = lower(?)""".formatted(PARENT, READABLE_KINDS);

    /** ANALYZE's column statistics; for a partitioned table, those of the whole tree (inherited) first. */
    static final String COLUMN_STATISTICS = """
            SELECT attname, null_frac, n_distinct, avg_width FROM pg_catalog.pg_stats
            WHERE schemaname = ? AND tablename = ? ORDER BY inherited DESC""";

    /** Columns of a relation (by oid). */
    static final String RELATION_COLUMNS_SOURCE = """
            SELECT a.attnum AS pos, a.attname AS name, a.atttypid AS typid, a.atttypmod AS typmod,
                   a.attndims AS ndims, a.attnotnull AS notnull
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped""";

    /** Columns of a query result, from parallel arrays of names, type names and type modifiers. */
    static final String RESULT_COLUMNS_SOURCE = """
            SELECT u.pos::int2 AS pos, u.name::name AS name, u.typname::regtype::oid AS typid, u.typmod AS typmod,
                   0 AS ndims, false AS notnull
            FROM unnest(?::text[], ?::text[], ?::int4[]) WITH ORDINALITY AS u(name, typname, typmod, pos)""";

    /**
     * For array columns whose dimensions PostgreSQL does not record (pg_attribute.attndims is 0 for
     * views, materialized views, CREATE TABLE AS tables; query results have none): the dimensions
     * of each column's first non-empty value, NULL when there is none. Reads the relation until it
     * finds one: all of it when every value is NULL or empty, or when a view must compute every
     * row first (an aggregate).
     */
    static String arrayDimensions(String relation, List<String> quotedColumns) {
        return quotedColumns.stream().map(col -> "(SELECT pg_catalog.array_ndims(" + col + ") FROM " + relation
                + " WHERE pg_catalog.array_ndims(" + col + ") IS NOT NULL LIMIT 1)")
                .collect(Collectors.joining(", ", "SELECT ", ""));
    }

    /**
     * Resolves each column's type through any domains to a base type, and arrays to their element
     * type (again through one level of domain). Takes one of the *_SOURCE queries.
     */
    static String describeColumns(String source) {
        return """
                WITH RECURSIVE cols AS (%s),
                resolved AS (
                  SELECT pos, typid, typmod, 0 AS depth FROM cols
                  UNION ALL
                  SELECT r.pos, t.typbasetype, CASE WHEN r.typmod >= 0 THEN r.typmod ELSE t.typtypmod END, r.depth + 1
                  FROM resolved r JOIN pg_catalog.pg_type t ON t.oid = r.typid
                  WHERE t.typtype = 'd'
                ),
                base AS (SELECT DISTINCT ON (pos) pos, typid, typmod FROM resolved ORDER BY pos, depth DESC)
                SELECT c.name, pg_catalog.format_type(c.typid, NULLIF(c.typmod, -1)) AS declared, c.notnull, c.ndims,
                       b.typmod, t.typname, t.typtype,
                       coalesce(eb.typname, e.typname) AS elem_name, coalesce(eb.typtype, e.typtype) AS elem_typtype
                FROM cols c
                JOIN base b ON b.pos = c.pos
                JOIN pg_catalog.pg_type t ON t.oid = b.typid
                LEFT JOIN pg_catalog.pg_type e ON e.oid = t.typelem AND t.typlen = -1 AND t.typelem <> 0
                LEFT JOIN pg_catalog.pg_type eb ON eb.oid = e.typbasetype AND e.typtype = 'd'
                ORDER BY c.pos""".formatted(source);
    }
}
