package io.sparkfederated.connector.pgfamily;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;


import io.sparkfederated.connector.Dialect;
import io.sparkfederated.query.JoinKind;
import io.sparkfederated.query.JoinSide;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteRelation;

/**
 * The SELECT, WHERE, GROUP BY, ORDER BY, LIMIT / OFFSET and JOIN forms PostgreSQL and Redshift both
 * speak, written with the engine's own identifier quoting.
 */
public final class PgFamilySqlRenderer implements Serializable {

    private final Dialect dialect;

    /** @param dialect the engine whose identifier quoting names are written with */
    public PgFamilySqlRenderer(Dialect dialect) {
        this.dialect = dialect;
    }

    private String quote(String name) {
        return dialect.quoteIdentifier(name);
    }

    /** The whole statement of a query: its SELECT, then GROUP BY, ORDER BY, LIMIT and OFFSET. */
    public String render(RemoteQuery query) {
        StringBuilder sql = new StringBuilder(select(query, relation(query.table().relation()), List.of()));
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

    /**
     * "SELECT a, b::text AS b FROM rel WHERE … [GROUP BY …]", with extra conditions (a split's) before
     * the query's filters.
     */
    public String select(RemoteQuery query, String from, List<String> extraConditions) {
        String items = query.aggregation() == null
                ? query.columns().stream().map(this::selectItem).collect(Collectors.joining(", "))
                : query.aggregation().outputs().stream().map(o -> o.sql() + " AS " + quote(o.column().name()))
                        .collect(Collectors.joining(", "));
        String sql = select(items, from, extraConditions, query.filters());
        boolean grouped = query.aggregation() != null && !query.aggregation().groupBy().isEmpty();
        return grouped ? sql + " GROUP BY " + String.join(", ", query.aggregation().groupBy()) : sql;
    }

    private static String select(String items, String from, List<String> extraConditions, List<String> filters) {
        String sql = "SELECT " + items + " FROM " + from;
        List<String> conditions = new ArrayList<>(extraConditions);
        filters.forEach(f -> conditions.add("(" + f + ")"));
        return conditions.isEmpty() ? sql : sql + " WHERE " + String.join(" AND ", conditions);
    }

    /**
     * {@code SELECT "a", "b_1" FROM (SELECT … WHERE …) AS "l" INNER JOIN (SELECT … WHERE …) AS "r" ON …}:
     * each side selects its columns (with the casts their mappings ask for) under their output names,
     * so the outer query and the ON condition refer to the output names alone.
     */
    public String renderJoin(JoinSide left, JoinSide right, JoinKind kind, String condition) {
        return renderJoin(left, right, kind, condition, side -> List.of());
    }

    /** The join, each side's SELECT with the extra conditions {@code sideConditions} gives it before its filters. */
    public String renderJoin(JoinSide left, JoinSide right, JoinKind kind, String condition,
                             Function<JoinSide, List<String>> sideConditions) {
        String keyword = " " + kind.sql() + " ";
        List<String> outputs = new ArrayList<>(left.outputNames());
        outputs.addAll(right.outputNames());
        return select(outputs.stream().map(this::quote).collect(Collectors.joining(", ")),
                "(" + joinSide(left, sideConditions.apply(left)) + ") AS " + quote("l") + keyword
                        + "(" + joinSide(right, sideConditions.apply(right)) + ") AS " + quote("r") + " ON " + condition,
                List.of(), List.of());
    }

    private String joinSide(JoinSide side, List<String> conditions) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < side.columns().size(); i++) {
            String value = columnValue(side.columns().get(i));
            String name = quote(side.outputNames().get(i));
            items.add(value.equals(name) ? value : value + " AS " + name);
        }
        return select(String.join(", ", items), relation(side.query().table().relation()), conditions, side.query().filters());
    }

    private String selectItem(RemoteColumn column) {
        String cast = column.mapping().remoteCast();
        return cast == null ? quote(column.name()) : columnValue(column) + " AS " + quote(column.name());
    }

    /** A column as its value is read: with the cast ({@code "c"::type}) or function its mapping asks for. */
    public String columnValue(RemoteColumn column) {
        String quoted = quote(column.name());
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
            return "(" + sql + close + " AS " + quote("q");
        }
        return quote(relation.schema()) + "." + quote(relation.table());
    }
}
