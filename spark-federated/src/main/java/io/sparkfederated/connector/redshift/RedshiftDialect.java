package io.sparkfederated.connector.redshift;

import java.util.List;


import io.sparkfederated.connector.Dialect;
import io.sparkfederated.query.JoinSide;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.connector.postgres.PostgresDialect;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.query.RemoteQuery;

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

    /**
     * {@code UNLOAD ('<select>') TO '<s3 directory>' IAM_ROLE … FORMAT AS PARQUET MANIFEST VERBOSE}.
     * The SELECT is a string literal: its backslashes and quotes are escaped with a backslash, as
     * Redshift's UNLOAD documentation asks. It must not end in LIMIT (UNLOAD refuses an outer LIMIT;
     * scans with a limit or an order are read through JDBC).
     *
     * @param iamRole {@code default} or role ARNs separated by commas
     */
    public String unload(String select, String s3Directory, String iamRole) {
        String query = "'" + select.replace("\\", "\\\\").replace("'", "\\'") + "'";
        String role = iamRole.equals("default") ? "default" : quoteStringLiteral(iamRole);
        return "UNLOAD (" + query + ") TO " + quoteStringLiteral(s3Directory) + " IAM_ROLE " + role
                + " FORMAT AS PARQUET MANIFEST VERBOSE";
    }

    /** A table as {@code "schema"."table"}, or a SELECT as the subquery {@code (…) AS "q"}. */
    public String relation(io.sparkfederated.query.RemoteRelation relation) {
        return SQL.relation(relation);
    }

    @Override
    public String renderJoin(JoinSide left, JoinSide right, io.sparkfederated.query.JoinKind kind, String condition) {
        return SQL.renderJoin(left, right, kind, condition);
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
