package io.sparkfederated.connector.redshift;

import java.util.List;

import org.apache.spark.sql.connector.join.JoinType;

import io.sparkfederated.connector.Dialect;
import io.sparkfederated.connector.JoinSide;
import io.sparkfederated.connector.RemoteTable;
import io.sparkfederated.connector.postgres.PostgresDialect;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.read.RemoteQuery;

/**
 * Redshift's SQL: its quoting and the SELECT / WHERE / ORDER BY / LIMIT forms are PostgreSQL's, so
 * rendering is PostgreSQL's; what may be pushed is decided by {@link RedshiftExpressions}.
 */
public final class RedshiftDialect implements Dialect {

    public static final RedshiftDialect INSTANCE = new RedshiftDialect();
    private static final PostgresDialect SQL = PostgresDialect.INSTANCE;

    private RedshiftDialect() {
    }

    @Override
    public String quoteIdentifier(String name) {
        return SQL.quoteIdentifier(name);
    }

    @Override
    public String quoteStringLiteral(String value) {
        return SQL.quoteStringLiteral(value);
    }

    @Override
    public List<String> parseQualifiedName(String name) {
        return SQL.parseQualifiedName(name);
    }

    /** As PostgreSQL, except that a query of no columns (count(*)) selects one: Redshift has no empty SELECT list. */
    @Override
    public String render(RemoteQuery query) {
        boolean noColumns = query.aggregation() == null && query.columns().isEmpty() && !query.table().columns().isEmpty();
        return SQL.render(noColumns ? query.withColumns(List.of(query.table().columns().get(0))) : query);
    }

    @Override
    public String renderJoin(JoinSide left, JoinSide right, JoinType joinType, String condition) {
        return SQL.renderJoin(left, right, joinType, condition);
    }

    /** Strings are never compared remotely: the table is treated as not UTF-8 by the PostgreSQL compiler too. */
    @Override
    public ExpressionCompiler compiler(RemoteTable table) {
        RemoteTable noStrings = new RemoteTable(table.schema(), table.relation(), table.columns(), false);
        return new RedshiftExpressions(table, SQL.compiler(noStrings));
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
