package io.sparkfederated.pushdown;

import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.RemoteColumn;

/**
 * An engine for rule tests: names in double quotes, text in single quotes, strings compared under
 * {@code COLLATE x}, and computed values of every type fully comparable. Its output is easy to read
 * in assertions and tied to no real engine.
 */
public final class TestEngineSql implements EngineSql {

    @Override
    public String quoteStringLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public Optional<SqlValue> literal(Object value, DataType type) {
        String sql = value == null ? "NULL" : type instanceof StringType ? quoteStringLiteral(value.toString()) : value.toString();
        return Optional.of(new SqlValue(sql, type, computedCapabilities(type)));
    }

    @Override
    public String columnValue(RemoteColumn column) {
        return '"' + column.name() + '"';
    }

    @Override
    public String comparand(SqlValue value) {
        return value.type() instanceof StringType ? "(" + value.sql() + ") COLLATE x" : "(" + value.sql() + ")";
    }

    @Override
    public Set<ColumnCapability> computedCapabilities(DataType type) {
        Set<ColumnCapability> all = ColumnCapability.exact();
        all.add(ColumnCapability.TEXT);
        return all;
    }

    @Override
    public Optional<RemoteColumn> computedColumn(String alias, DataType type) {
        return Optional.empty();
    }
}
