package io.sparkfederated.connector.postgres;

import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.connector.pgfamily.PgFamilyLiterals;
import io.sparkfederated.pushdown.EngineSql;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.RemoteColumn;

/**
 * PostgreSQL's pieces for pushdown rules, in one database: strings are compared in byte order
 * ({@code COLLATE "C"}), Spark's code-point order where the database is UTF-8.
 */
final class PostgresEngineSql implements EngineSql {

    private static final String C_COLLATION = " COLLATE \"C\"";

    private final PostgresDialect dialect;
    private final boolean utf8;

    PostgresEngineSql(PostgresDialect dialect, boolean utf8) {
        this.dialect = dialect;
        this.utf8 = utf8;
    }

    @Override
    public String quoteStringLiteral(String text) {
        return dialect.quoteStringLiteral(text);
    }

    /** Text with a NUL character has no PostgreSQL literal. */
    @Override
    public Optional<SqlValue> literal(Object value, DataType type) {
        return PgFamilyLiterals.of(value, type, text -> text.indexOf('\0') >= 0 ? Optional.empty()
                : Optional.of(dialect.quoteStringLiteral(text)))
                .map(sql -> new SqlValue(sql, type, computedCapabilities(type)));
    }

    @Override
    public String columnValue(RemoteColumn column) {
        return dialect.columnValue(column);
    }

    @Override
    public String comparand(SqlValue value) {
        return value.type() instanceof StringType ? "(" + value.sql() + ")" + C_COLLATION : "(" + value.sql() + ")";
    }

    @Override
    public Set<ColumnCapability> computedCapabilities(DataType type) {
        return PostgresTypeMapping.capabilities(type, utf8);
    }

    @Override
    public Optional<RemoteColumn> computedColumn(String alias, DataType type) {
        return Optional.ofNullable(PostgresTypeMapping.typeFor(type))
                .map(pgType -> new RemoteColumn(alias, pgType, PostgresTypeMapping.mapComputed(type), true));
    }
}
