package io.sparkfederated.connector.redshift;

import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.types.DataType;

import io.sparkfederated.connector.pgfamily.PgFamilyLiterals;
import io.sparkfederated.pushdown.EngineSql;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.RemoteColumn;

/** Redshift's pieces for pushdown rules. Values are compared as they are: no string is ever compared exactly. */
final class RedshiftEngineSql implements EngineSql {

    private final RedshiftDialect dialect;

    RedshiftEngineSql(RedshiftDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public String quoteStringLiteral(String text) {
        return dialect.quoteStringLiteral(text);
    }

    @Override
    public Optional<SqlValue> literal(Object value, DataType type) {
        return PgFamilyLiterals.of(value, type, dialect::valueLiteral)
                .map(sql -> new SqlValue(sql, type, computedCapabilities(type)));
    }

    @Override
    public String columnValue(RemoteColumn column) {
        return dialect.columnValue(column);
    }

    @Override
    public String comparand(SqlValue value) {
        return "(" + value.sql() + ")";
    }

    @Override
    public Set<ColumnCapability> computedCapabilities(DataType type) {
        return RedshiftTypeMapping.capabilities(type);
    }

    /** Redshift groups by columns only. */
    @Override
    public Optional<RemoteColumn> computedColumn(String alias, DataType type) {
        return Optional.empty();
    }
}
