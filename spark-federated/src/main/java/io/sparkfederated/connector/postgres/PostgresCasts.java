package io.sparkfederated.connector.postgres;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Cast;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.pushdown.ValueRule;

/**
 * The casts Spark inserts to compare mixed types, where the value cannot change (integer to wider
 * integer, decimal or double; decimal to wider decimal; float to double; date to timestamp), and
 * timestamps to dates as Spark's cast computes them. Spark sends {@code year(ts)}, {@code month(ts)},
 * … as fields of that date (under ANSI mode only: otherwise the cast is not translated for data sources).
 */
final class PostgresCasts implements ValueRule {

    @Override
    public Optional<SqlValue> compile(Expression e, RuleCompiler compiler) {
        if (!(e instanceof Cast cast)) {
            return Optional.empty();
        }
        return compiler.value(cast.expression()).flatMap(inner -> cast.dataType() instanceof DateType ? dateOf(inner, compiler)
                : widening(inner.type(), cast.dataType())
                        .map(pgType -> compiler.computed("CAST(" + inner.sql() + " AS " + pgType + ")", cast.dataType())));
    }

    /** A wall-clock timestamp's own date; a timestamptz's in the session time zone ({@link PostgresWallClock}). */
    private static Optional<SqlValue> dateOf(SqlValue timestamp, RuleCompiler compiler) {
        if (timestamp.type() instanceof TimestampType) {
            return PostgresWallClock.of(timestamp, compiler).flatMap(local -> dateOf(local, compiler));
        }
        return timestamp.type() instanceof TimestampNTZType
                ? Optional.of(compiler.computed("CAST(" + timestamp.sql() + " AS date)", DataTypes.DateType)) : Optional.empty();
    }

    /** The PostgreSQL type for a cast that never changes a value, or empty. */
    static Optional<String> widening(DataType from, DataType to) {
        int integerDigits = from instanceof ByteType ? 3 : from instanceof ShortType ? 5 : from instanceof IntegerType ? 10
                : from instanceof LongType ? 19 : -1;
        if (integerDigits > 0) {
            if (to instanceof IntegerType && integerDigits <= 5) {
                return Optional.of("int4");
            }
            if (to instanceof LongType) {
                return Optional.of("int8");
            }
            if (to instanceof DoubleType) {
                return Optional.of("float8"); // same IEEE round-to-nearest as Spark for bigint
            }
            if (to instanceof DecimalType d && d.precision() - d.scale() >= integerDigits) {
                return Optional.of("numeric(" + d.precision() + "," + d.scale() + ")");
            }
            return Optional.empty();
        }
        if (from instanceof DecimalType f && to instanceof DecimalType d
                && d.scale() >= f.scale() && d.precision() - d.scale() >= f.precision() - f.scale()) {
            return Optional.of("numeric(" + d.precision() + "," + d.scale() + ")");
        }
        if (from instanceof FloatType && to instanceof DoubleType) {
            return Optional.of("float8");
        }
        if (from instanceof DateType && to instanceof TimestampNTZType) {
            return Optional.of("timestamp");
        }
        return Optional.empty();
    }
}
