package io.sparkfederated.connector.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;


import io.sparkfederated.FederatedException;
import io.sparkfederated.connector.Dialect;
import io.sparkfederated.query.JoinSide;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.query.RemoteQuery;

/** PostgreSQL's spelling of SQL. The only place identifiers are quoted and literals escaped. */
public final class PostgresDialect implements Dialect {

    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String quoteIdentifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new FederatedException("identifier contains a NUL character: not valid in PostgreSQL");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public String quoteStringLiteral(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new FederatedException("string literal contains a NUL character: not valid in PostgreSQL");
        }
        // E'' would interpret backslashes; standard_conforming_strings (on since 9.1) makes '' literal.
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public List<String> parseQualifiedName(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < name.length() && name.charAt(i + 1) == '"') {
                        current.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == '.') {
                parts.add(finishPart(current, wasQuoted, name));
                current.setLength(0);
                wasQuoted = false;
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new FederatedException("unterminated quoted identifier in '" + name + "'");
        }
        parts.add(finishPart(current, wasQuoted, name));
        return parts;
    }

    private static String finishPart(StringBuilder part, boolean wasQuoted, String whole) {
        String s = wasQuoted ? part.toString() : part.toString().trim();
        if (s.isEmpty()) {
            throw new FederatedException("empty name part in '" + whole + "'");
        }
        return s;
    }

    @Override
    public String render(RemoteQuery query) {
        StringBuilder sql = new StringBuilder(select(query, relation(query.table().relation()), List.of()));
        if (query.aggregation() != null && !query.aggregation().groupBy().isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", query.aggregation().groupBy()));
        }
        if (!query.orderBy().isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", query.orderBy()));
        }
        if (query.limit() >= 0) {
            sql.append(" LIMIT ").append(query.limit());
        }
        if (query.offset() > 0) {
            sql.append(" OFFSET ").append(query.offset());
        }
        return sql.toString();
    }

    @Override
    public PostgresExpressions compiler(RemoteTable table) {
        return new PostgresExpressions(this, table);
    }

    /** The SQL of one split: each part read whole or by a ctid (heap page) range, parts joined by UNION ALL. */
    String renderSplit(RemoteQuery query, PgSplit split) {
        return split.parts().stream()
                .map(part -> select(query, quoteIdentifier(part.schema()) + "." + quoteIdentifier(part.name()), pageRange(part)))
                .collect(Collectors.joining(" UNION ALL "));
    }

    /**
     * The SQL of one value-range split: {@code [from, to)} of a column; the first range (from null)
     * also takes NULLs and everything below, the last (to null) everything above.
     */
    String renderRange(RemoteQuery query, String column, Long from, Long to, boolean dateColumn) {
        String col = quoteIdentifier(column);
        List<String> conditions = new ArrayList<>();
        if (from != null) {
            conditions.add(col + " >= " + rangeLiteral(from, dateColumn));
        }
        if (to != null) {
            String below = col + " < " + rangeLiteral(to, dateColumn);
            conditions.add(from == null ? "(" + below + " OR " + col + " IS NULL)" : below);
        }
        return select(query, relation(query.table().relation()), conditions);
    }

    private String rangeLiteral(long value, boolean date) {
        return date ? PostgresLiterals.date(this, (int) value) : Long.toString(value);
    }

    private static List<String> pageRange(PgSplit.Part part) {
        List<String> bounds = new ArrayList<>();
        if (part.fromPage() > 0) {
            bounds.add("ctid >= '(" + part.fromPage() + ",0)'::tid");
        }
        if (part.toPage() >= 0) {
            bounds.add("ctid < '(" + part.toPage() + ",0)'::tid");
        }
        return bounds;
    }

    /** "SELECT a, b::text AS b FROM rel WHERE …" (an empty column list is valid PostgreSQL). */
    private String select(RemoteQuery query, String from, List<String> splitConditions) {
        String items = query.aggregation() == null
                ? query.columns().stream().map(this::selectItem).collect(Collectors.joining(", "))
                : query.aggregation().outputs().stream().map(o -> o.sql() + " AS " + quoteIdentifier(o.column().name()))
                        .collect(Collectors.joining(", "));
        return select(items, from, splitConditions, query.filters());
    }

    private static String select(String items, String from, List<String> splitConditions, List<String> filters) {
        String sql = "SELECT " + items + " FROM " + from;
        List<String> conditions = new ArrayList<>(splitConditions);
        filters.forEach(f -> conditions.add("(" + f + ")"));
        return conditions.isEmpty() ? sql : sql + " WHERE " + String.join(" AND ", conditions);
    }

    /**
     * {@code SELECT "a", "b_1" FROM (SELECT … WHERE …) AS "l" INNER JOIN (SELECT … WHERE …) AS "r" ON …}:
     * each side selects its columns (with the casts their mappings ask for) under their output names,
     * so the outer query and the ON condition refer to the output names alone.
     */
    @Override
    public String renderJoin(JoinSide left, JoinSide right, io.sparkfederated.query.JoinKind kind, String condition) {
        List<String> outputs = new ArrayList<>(left.outputNames());
        outputs.addAll(right.outputNames());
        return select(outputs.stream().map(this::quoteIdentifier).collect(Collectors.joining(", ")),
                "(" + joinSide(left) + ") AS " + quoteIdentifier("l") + " " + kind.sql() + " "
                        + "(" + joinSide(right) + ") AS " + quoteIdentifier("r") + " ON " + condition,
                List.of(), List.of());
    }

    private String joinSide(JoinSide side) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < side.columns().size(); i++) {
            String value = columnValue(side.columns().get(i));
            String name = quoteIdentifier(side.outputNames().get(i));
            items.add(value.equals(name) ? value : value + " AS " + name);
        }
        return select(String.join(", ", items), relation(side.query().table().relation()), List.of(), side.query().filters());
    }

    private String selectItem(RemoteColumn column) {
        String cast = column.mapping().remoteCast();
        return cast == null ? quoteIdentifier(column.name()) : columnValue(column) + " AS " + quoteIdentifier(column.name());
    }

    /** A column as its value is read: with the cast (or function) its mapping asks for. */
    String columnValue(RemoteColumn column) {
        String quoted = quoteIdentifier(column.name());
        String cast = column.mapping().remoteCast();
        if (cast == null) {
            return quoted;
        }
        return cast.contains("%s") ? cast.replace("%s", quoted) : quoted + "::" + cast;
    }

    /**
     * A table as {@code "schema"."table"}, or a SELECT as the subquery {@code (…) AS "q"}. A {@code --}
     * comment on the SELECT's last line would swallow the closing parenthesis: then it goes on a new line.
     */
    public String relation(RemoteRelation relation) {
        if (relation.isQuery()) {
            String sql = relation.query();
            String close = sql.substring(sql.lastIndexOf('\n') + 1).contains("--") ? "\n)" : ")";
            return "(" + sql + close + " AS " + quoteIdentifier("q");
        }
        return quoteIdentifier(relation.schema()) + "." + quoteIdentifier(relation.table());
    }
}
