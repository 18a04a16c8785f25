package io.sparkfederated.pushdown;

import java.math.BigDecimal;
import java.util.List;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.GeneralScalarExpression;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.query.ValueKind;

/** Spark V2 expressions and remote tables for tests, built without a SparkSession. */
public final class V2 {

    private V2() {
    }

    /** A one-part column reference (not parsed: {@code Expressions.column} starts Spark's SQL parser, seconds). */
    public static NamedReference col(String name) {
        return new Column(name);
    }

    private record Column(String name) implements NamedReference {

        @Override
        public String[] fieldNames() {
            return new String[] {name};
        }

        @Override
        public String describe() {
            return name;
        }
    }

    public static LiteralValue<Integer> lit(int value) {
        return new LiteralValue<>(value, DataTypes.IntegerType);
    }

    public static LiteralValue<Long> lit(long value) {
        return new LiteralValue<>(value, DataTypes.LongType);
    }

    public static LiteralValue<UTF8String> lit(String value) {
        return new LiteralValue<>(value == null ? null : UTF8String.fromString(value), DataTypes.StringType);
    }

    public static LiteralValue<Double> lit(double value) {
        return new LiteralValue<>(value, DataTypes.DoubleType);
    }

    public static LiteralValue<Decimal> decimal(String value, int precision, int scale) {
        return new LiteralValue<>(Decimal.apply(new BigDecimal(value)), DataTypes.createDecimalType(precision, scale));
    }

    public static <T> LiteralValue<T> literal(T value, DataType type) {
        return new LiteralValue<>(value, type);
    }

    public static Predicate pred(String name, Expression... children) {
        return new Predicate(name, children);
    }

    public static GeneralScalarExpression fn(String name, Expression... children) {
        return new GeneralScalarExpression(name, children);
    }

    public static RemoteColumn column(String name, String remoteType, DataType sparkType, ValueKind kind,
                                      java.util.Set<ColumnCapability> capabilities) {
        return new RemoteColumn(name, remoteType, ColumnMapping.of(sparkType, kind).withCapabilities(capabilities), true);
    }

    public static RemoteTable table(List<RemoteColumn> columns, boolean utf8) {
        return new RemoteTable(null, RemoteRelation.table("public", "t", "table"), columns, utf8);
    }
}
