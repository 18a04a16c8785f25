package io.sparkfederated.connector.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;


import io.sparkfederated.FederatedException;
import io.sparkfederated.connector.Dialect;
import io.sparkfederated.connector.pgfamily.PgFamilyLiterals;
import io.sparkfederated.connector.jdbc.QualifiedNames;
import io.sparkfederated.connector.pgfamily.PgFamilySqlRenderer;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.query.JoinKind;
import io.sparkfederated.query.JoinSide;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.SplitTarget;

/** PostgreSQL's spelling of SQL. The only place its identifiers are quoted and its literals escaped. */
public final class PostgresDialect implements Dialect {

    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private final PgFamilySqlRenderer sql = new PgFamilySqlRenderer(this);

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
        return QualifiedNames.parse(name, '"');
    }

    @Override
    public String render(RemoteQuery query) {
        return sql.render(query);
    }

    @Override
    public ExpressionCompiler compiler(RemoteTable table, PushdownContext context) {
        return PostgresExpressions.compiler(this, table, context);
    }

    /** The SQL of one split: each part read whole or by a ctid (heap page) range, parts joined by UNION ALL. */
    String renderSplit(RemoteQuery query, PgSplit split) {
        return split.parts().stream()
                .map(part -> sql.select(query, quoteIdentifier(part.schema()) + "." + quoteIdentifier(part.name()), pageRange(part)))
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
        return sql.select(query, relation(query.table().relation()), conditions);
    }

    private static String rangeLiteral(long value, boolean date) {
        return date ? PgFamilyLiterals.date((int) value) : Long.toString(value);
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

    @Override
    public String renderJoin(JoinSide left, JoinSide right, JoinKind kind, String condition) {
        return sql.renderJoin(left, right, kind, condition);
    }

    /**
     * The join, marking in its SQL the tables it may be split by: a plain table on a side that is not
     * optional (every output row holds exactly one of its rows), and the targets of a joined side that
     * is not optional.
     */
    @Override
    public RemoteRelation joinRelation(JoinSide left, JoinSide right, JoinKind kind, String condition, String label) {
        List<SplitTarget> targets = new ArrayList<>();
        String joined = sql.renderJoin(left, right, kind, condition, side -> {
            RemoteRelation relation = side.query().table().relation();
            if (side.optional()) {
                return List.of();
            }
            if (!relation.isPlainHeap()) {
                targets.addAll(relation.splitTargets());
                return List.of();
            }
            SplitTarget target = new SplitTarget(relation.schema(), relation.table(), relation.kind());
            targets.add(target);
            return List.of(target.marker());
        });
        return RemoteRelation.join(joined, label, targets);
    }

    /**
     * The targets a join can be split by: those whose marker its SQL holds exactly as often as its
     * targets name them (not, say, also in a string literal, or for the same table on an optional side).
     */
    List<SplitTarget> usableTargets(RemoteRelation join) {
        return join.splitTargets().stream().distinct()
                .filter(t -> occurrences(join.query(), t.marker()) == join.splitTargets().stream().filter(t::equals).count())
                .toList();
    }

    /** The SQL of one split of a join: the split's page ranges on {@code target} in place of the first of its markers. */
    String renderJoinSplit(RemoteQuery query, PgSplit split, SplitTarget target) {
        RemoteRelation join = query.table().relation();
        String marker = target.marker();
        String joinSql = join.query();
        int at = joinSql.indexOf(marker);
        List<String> ranges = split.parts().stream().map(PostgresDialect::pageRange)
                .map(bounds -> bounds.isEmpty() ? "TRUE" : String.join(" AND ", bounds)).toList();
        String condition = ranges.size() == 1 ? ranges.get(0) : "((" + String.join(") OR (", ranges) + "))";
        String splitSql = joinSql.substring(0, at) + condition + joinSql.substring(at + marker.length());
        RemoteTable table = new RemoteTable(query.table().schema(), RemoteRelation.join(splitSql, join.label(), join.splitTargets()),
                query.table().columns(), query.table().utf8());
        return render(new RemoteQuery(table, query.columns(), query.filters(), query.orderBy(), query.limit(), query.offset(),
                query.partitioning(), query.aggregation()));
    }

    private static long occurrences(String text, String part) {
        long n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    /** A column as its value is read: with the cast (or function) its mapping asks for. */
    String columnValue(RemoteColumn column) {
        return sql.columnValue(column);
    }

    /** A table as {@code "schema"."table"}, or a SELECT as the subquery {@code (…) AS "q"}. */
    public String relation(RemoteRelation relation) {
        return sql.relation(relation);
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
