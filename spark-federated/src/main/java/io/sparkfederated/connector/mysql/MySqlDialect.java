package io.sparkfederated.connector.mysql;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;


import io.sparkfederated.FederatedException;
import io.sparkfederated.connector.Dialect;
import io.sparkfederated.connector.jdbc.QualifiedNames;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.query.JoinKind;
import io.sparkfederated.query.JoinSide;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;

/**
 * MySQL's spelling of SQL, the only place identifiers are quoted and literals escaped. Sessions run
 * without {@code NO_BACKSLASH_ESCAPES} and {@code ANSI_QUOTES} (see {@link MySqlConnections}), so a
 * string literal escapes backslashes and quotes, and identifiers are quoted with backticks.
 */
public final class MySqlDialect implements Dialect {

    public static final MySqlDialect INSTANCE = new MySqlDialect();
    /** LIMIT's largest value: MySQL has OFFSET only after a LIMIT. */
    private static final String NO_LIMIT = "18446744073709551615";

    private MySqlDialect() {
    }

    @Override
    public String quoteIdentifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new FederatedException("identifier contains a NUL character: not valid in MySQL");
        }
        return '`' + name.replace("`", "``") + '`';
    }

    @Override
    public String quoteStringLiteral(String value) {
        StringBuilder s = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> s.append("\\\\");
                case '\'' -> s.append("''");
                case '\0' -> s.append("\\0");
                case '\u001a' -> s.append("\\Z"); // Ctrl-Z, which mysql's own escaping also guards
                default -> s.append(c);
            }
        }
        return s.append('\'').toString();
    }

    /** A DATE literal for days since 1970-01-01. */
    String dateLiteral(long epochDay) {
        return "DATE '" + LocalDate.ofEpochDay(epochDay) + "'";
    }

    @Override
    public List<String> parseQualifiedName(String name) {
        return QualifiedNames.parse(name, '`');
    }

    @Override
    public String render(RemoteQuery query) {
        return render(query, List.of());
    }

    /** The query with further conditions (a split's key range) ANDed to its filters. */
    String render(RemoteQuery query, List<String> splitConditions) {
        StringBuilder sql = new StringBuilder(select(query, relation(query.table().relation()), splitConditions));
        if (query.aggregation() != null && !query.aggregation().groupBy().isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", query.aggregation().groupBy()));
        }
        if (!query.orderBy().isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", query.orderBy()));
        }
        if (query.limit() >= 0 || query.offset() > 0) {
            sql.append(" LIMIT ").append(query.limit() >= 0 ? Integer.toString(query.limit()) : NO_LIMIT);
        }
        if (query.offset() > 0) {
            sql.append(" OFFSET ").append(query.offset());
        }
        return sql.toString();
    }

    /**
     * {@code [from, to)} of a column as conditions; the first range (from null) also takes NULLs and
     * everything below, the last (to null) everything above.
     */
    List<String> range(String column, Long from, Long to, boolean date) {
        String col = quoteIdentifier(column);
        List<String> conditions = new ArrayList<>();
        if (from != null) {
            conditions.add(col + " >= " + (date ? dateLiteral(from) : Long.toString(from)));
        }
        if (to != null) {
            String below = col + " < " + (date ? dateLiteral(to) : Long.toString(to));
            conditions.add(from == null ? "(" + below + " OR " + col + " IS NULL)" : below);
        }
        return conditions;
    }

    private String select(RemoteQuery query, String from, List<String> splitConditions) {
        String items = query.aggregation() == null
                ? query.columns().stream().map(this::selectItem).collect(Collectors.joining(", "))
                : query.aggregation().outputs().stream().map(o -> o.sql() + " AS " + quoteIdentifier(o.column().name()))
                        .collect(Collectors.joining(", "));
        return select(items.isEmpty() ? "1" : items, from, splitConditions, query.filters());
    }

    private static String select(String items, String from, List<String> splitConditions, List<String> filters) {
        String sql = "SELECT " + items + " FROM " + from;
        List<String> conditions = new ArrayList<>(splitConditions);
        filters.forEach(f -> conditions.add("(" + f + ")"));
        return conditions.isEmpty() ? sql : sql + " WHERE " + String.join(" AND ", conditions);
    }

    @Override
    public String renderJoin(JoinSide left, JoinSide right, JoinKind kind, String condition) {
        String keyword = " " + kind.sql() + " ";
        List<String> outputs = new ArrayList<>(left.outputNames());
        outputs.addAll(right.outputNames());
        return select(outputs.stream().map(this::quoteIdentifier).collect(Collectors.joining(", ")),
                "(" + joinSide(left) + ") AS " + quoteIdentifier("l") + keyword
                        + "(" + joinSide(right) + ") AS " + quoteIdentifier("r") + " ON " + condition,
                List.of(), List.of());
    }

    /**
     * A join side selects its columns in their read forms (a date's day number, a time's microseconds):
     * the joined relation's columns carry no cast, so the ON condition and the outer reader see those forms.
     */
    private String joinSide(JoinSide side) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < side.columns().size(); i++) {
            RemoteColumn column = side.columns().get(i);
            String cast = column.mapping().remoteCast();
            String quoted = quoteIdentifier(column.name());
            items.add((cast == null ? quoted : cast.replace("%s", quoted)) + " AS " + quoteIdentifier(side.outputNames().get(i)));
        }
        return select(String.join(", ", items), relation(side.query().table().relation()), List.of(), side.query().filters());
    }

    private String selectItem(RemoteColumn column) {
        String cast = column.mapping().remoteCast();
        String quoted = quoteIdentifier(column.name());
        return cast == null ? quoted : cast.replace("%s", quoted) + " AS " + quoted;
    }

    /** A table as {@code `db`.`table`}, or a SELECT as the subquery {@code (…) AS `q`}. */
    String relation(RemoteRelation relation) {
        if (relation.isQuery()) {
            String sql = relation.query();
            String close = sql.substring(sql.lastIndexOf('\n') + 1).matches(".*(--|#).*") ? "\n)" : ")";
            return "(" + sql + close + " AS " + quoteIdentifier("q");
        }
        return quoteIdentifier(relation.schema()) + "." + quoteIdentifier(relation.table());
    }

    @Override
    public ExpressionCompiler compiler(RemoteTable table, PushdownContext context) {
        return MySqlExpressions.compiler(table, context);
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
