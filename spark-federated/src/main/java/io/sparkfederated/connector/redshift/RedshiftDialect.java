package io.sparkfederated.connector.redshift;

import java.util.List;
import java.util.Optional;


import io.sparkfederated.FederatedException;
import io.sparkfederated.connector.Dialect;
import io.sparkfederated.connector.jdbc.QualifiedNames;
import io.sparkfederated.connector.pgfamily.PgFamilySqlRenderer;
import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.query.JoinKind;
import io.sparkfederated.query.JoinSide;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;

/**
 * Redshift's spelling of SQL: its own quoting (string literals read backslash escapes), the
 * SELECT / WHERE / ORDER BY / LIMIT / JOIN forms it shares with PostgreSQL, and UNLOAD. What may be
 * pushed is decided by {@link RedshiftExpressions}.
 */
public final class RedshiftDialect implements Dialect {

    public static final RedshiftDialect INSTANCE = new RedshiftDialect();

    private final PgFamilySqlRenderer sql = new PgFamilySqlRenderer(this);

    private RedshiftDialect() {
    }

    @Override
    public String quoteIdentifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new FederatedException("identifier contains a NUL character: not valid in Redshift");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Redshift reads backslash escapes in string literals ({@code '\\'} is one backslash), so both it and the quote are doubled. */
    @Override
    public String quoteStringLiteral(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new FederatedException("string literal contains a NUL character: not valid in Redshift");
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /**
     * A compared value as a string literal, or empty for text with a backslash or NUL: such values are
     * compared by Spark alone (the sandbox's Redshift endpoint is PostgreSQL, which reads backslashes
     * literally, so Redshift's escaping of them in pushed conditions cannot be tested there).
     */
    Optional<String> valueLiteral(String text) {
        return text.indexOf('\\') >= 0 || text.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(quoteStringLiteral(text));
    }

    @Override
    public List<String> parseQualifiedName(String name) {
        return QualifiedNames.parse(name, '"');
    }

    /** A query of no columns (count(*)) selects one: Redshift has no empty SELECT list. */
    @Override
    public String render(RemoteQuery query) {
        boolean noColumns = query.aggregation() == null && query.columns().isEmpty() && !query.table().columns().isEmpty();
        return sql.render(noColumns ? query.withColumns(List.of(query.table().columns().get(0))) : query);
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

    /** A column as its value is read: with the cast (or function) its mapping asks for. */
    String columnValue(io.sparkfederated.query.RemoteColumn column) {
        return sql.columnValue(column);
    }

    /** A table as {@code "schema"."table"}, or a SELECT as the subquery {@code (…) AS "q"}. */
    public String relation(RemoteRelation relation) {
        return sql.relation(relation);
    }

    @Override
    public String renderJoin(JoinSide left, JoinSide right, JoinKind kind, String condition) {
        return sql.renderJoin(left, right, kind, condition);
    }

    @Override
    public ExpressionCompiler compiler(RemoteTable table, PushdownContext context) {
        return RedshiftExpressions.compiler(this, table, context);
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
