package io.sparkfederated.connector.mysql;

import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.pushdown.EngineSql;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.ValueKind;

/**
 * MySQL's pieces for pushdown rules. Values are compared in the form they are read: TINYINT(1) as
 * {@code (col <> 0)} (so 2 is true), dates as days since 1970 ({@code DATEDIFF}, NULL for zero dates),
 * DATETIME and TIMESTAMP as microseconds since 1970 ({@code TIMESTAMPDIFF}), so a DATE literal is its
 * day number and a TIMESTAMP or TIMESTAMP_NTZ literal its microseconds, Spark's own values. MySQL's
 * values here are columns and literals only, each one operand as written, so they need no parentheses. MySQL has no {@code NULLS FIRST/LAST}: the NULL
 * order is a sort key of its own.
 */
final class MySqlEngineSql implements EngineSql {

    static final MySqlEngineSql INSTANCE = new MySqlEngineSql();

    private MySqlEngineSql() {
    }

    @Override
    public String quoteStringLiteral(String text) {
        return MySqlDialect.INSTANCE.quoteStringLiteral(text);
    }

    /**
     * Integers, decimals, booleans (1 and 0) and dates (their day numbers), compared exactly; text, which
     * only narrows (never compared exactly here), in MySQL's quoting.
     */
    @Override
    public Optional<SqlValue> literal(Object value, DataType type) {
        Set<ColumnCapability> capabilities = MySqlTypeMapping.capabilities(type);
        if (type instanceof StringType) {
            return Optional.of(new SqlValue(value == null ? "NULL" : quoteStringLiteral(value.toString()), type, capabilities));
        }
        if (capabilities.isEmpty()) {
            return Optional.empty();
        }
        if (value instanceof Float || value instanceof Double) {
            return floatLiteral(((Number) value).doubleValue()).map(sql -> new SqlValue(sql, type, capabilities));
        }
        String sql = value == null ? "NULL"
                : type instanceof BooleanType ? ((Boolean) value ? "1" : "0")
                : type instanceof DecimalType ? ((Decimal) value).toJavaBigDecimal().toPlainString()
                : value.toString(); // an integer, a date's day number or a timestamp's microseconds (Spark's own values)
        return Optional.of(new SqlValue(sql, type, capabilities));
    }

    /**
     * A finite float or double as a DOUBLE literal ({@code 0.10000000149011612E0}: the exponent makes it
     * approximate, not DECIMAL) of exactly its value, so a FLOAT column (widened to double) compares with
     * a float literal as Spark's floats do. NaN and infinities have no literal: those conditions stay in Spark.
     */
    static Optional<String> floatLiteral(double value) {
        if (!Double.isFinite(value)) {
            return Optional.empty();
        }
        String text = Double.toString(value);
        return Optional.of(text.contains("E") ? text : text + "E0");
    }

    @Override
    public String columnValue(RemoteColumn column) {
        String quoted = MySqlDialect.INSTANCE.quoteIdentifier(column.name());
        String cast = column.mapping().remoteCast();
        if (cast != null) {
            return cast.replace("%s", quoted);
        }
        return column.mapping().kind() == ValueKind.BOOLEAN ? "(" + quoted + " <> 0)" : quoted;
    }

    @Override
    public String comparand(SqlValue value) {
        return value.sql();
    }

    @Override
    public String rightOperand(SqlValue value) {
        return value.sql();
    }

    /** {@code (col IS NULL) DESC, col ASC} for NULLs first ascending: false sorts before true. */
    @Override
    public String sortKey(String comparand, boolean ascending, boolean nullsFirst) {
        return "(" + comparand + " IS NULL) " + (nullsFirst ? "DESC" : "ASC") + ", " + comparand + (ascending ? " ASC" : " DESC");
    }

    @Override
    public Set<ColumnCapability> computedCapabilities(DataType type) {
        return MySqlTypeMapping.capabilities(type);
    }

    /** MySQL groups by columns only. */
    @Override
    public Optional<RemoteColumn> computedColumn(String alias, DataType type) {
        return Optional.empty();
    }
}
