package io.sparkfederated.connector.pgfamily;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;

import io.sparkfederated.pushdown.AggregateOutput;
import io.sparkfederated.pushdown.AggregateRule;
import io.sparkfederated.pushdown.EngineSql;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.ValueKind;

/**
 * SUM with Spark's result type. Small integers sum into bigint on both sides. bigint and decimals:
 * the remote database sums exactly, and a sum that does not fit the result type is Spark's overflow:
 * under ANSI mode an error that names the sum, without it NULL for decimals. A non-ANSI bigint sum
 * stays in Spark: Spark's wraps around, but try_sum (the same V2 aggregate) gives NULL; for the same
 * reason an overflowing try_sum fails under ANSI mode. Float sums depend on the order of addition
 * and stay in Spark.
 */
public final class PgFamilySumRule implements AggregateRule {

    /** Starts the text of the error a pushed-down sum raises when it does not fit. */
    public static final String OVERFLOW_MARK = "spark-federated: ";

    @Override
    public Optional<CompiledOutput> compile(AggregateFunc function, String alias, RuleCompiler compiler) {
        if (!(function instanceof Sum sum)) {
            return Optional.empty();
        }
        return compiler.key(sum.column()).filter(v -> v.can(ColumnCapability.FILTER))
                .flatMap(v -> sum(v, sum, alias, compiler));
    }

    private static Optional<CompiledOutput> sum(SqlValue v, Sum sum, String alias, RuleCompiler compiler) {
        boolean distinct = sum.isDistinct();
        String total = "sum(" + (distinct ? "DISTINCT " : "") + "(" + v.sql() + "))";
        boolean ansi = compiler.context().ansi();
        if (v.type() instanceof ShortType || v.type() instanceof IntegerType || v.type() instanceof ByteType) {
            return Optional.of(AggregateOutput.of(total, alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), true));
        }
        if (v.type() instanceof LongType && ansi) {
            String tooBig = total + " NOT BETWEEN " + Long.MIN_VALUE + " AND " + Long.MAX_VALUE;
            return Optional.of(AggregateOutput.of(failingWhen(tooBig, total, "int8", "[ARITHMETIC_OVERFLOW] " + described(sum), "BIGINT",
                    compiler.sql()), alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), true));
        }
        if (v.type() instanceof DecimalType d) {
            DecimalType result = resultType(d);
            String remoteType = "numeric(" + result.precision() + "," + result.scale() + ")";
            // exactly when the cast to the result type (which rounds to its scale) overflows
            String tooBig = "abs(round(" + total + ", " + result.scale() + ")) >= 1e" + (result.precision() - result.scale());
            String sql = ansi ? failingWhen(tooBig, total, remoteType, "[NUMERIC_VALUE_OUT_OF_RANGE] " + described(sum),
                    "Decimal(" + result.precision() + ", " + result.scale() + ")", compiler.sql())
                    // the cast outside the CASE: the result keeps its declared type (an UNLOAD writes that type)
                    : "CAST(CASE WHEN " + tooBig + " THEN NULL ELSE " + total + " END AS " + remoteType + ")";
            return Optional.of(AggregateOutput.of(sql, alias, remoteType, ColumnMapping.of(result, ValueKind.DECIMAL), true));
        }
        return Optional.empty();
    }

    /** The sum as Spark's error names it. */
    private static String described(Sum sum) {
        return "sum(" + (sum.isDistinct() ? "DISTINCT " : "") + sum.column().describe() + ")";
    }

    /** Spark's type of a decimal sum: ten more digits, at most 38, same scale. */
    static DecimalType resultType(DecimalType argument) {
        return DataTypes.createDecimalType(Math.min(DecimalType.MAX_PRECISION(), argument.precision() + 10), argument.scale());
    }

    /**
     * The sum cast to its type, or an error naming it where it does not fit (the database's own,
     * "numeric field overflow", names nothing): a text that is not a number, cast to one, carries the
     * message, starting with {@link #OVERFLOW_MARK}. It includes the sum, so the planner cannot fold it.
     */
    private static String failingWhen(String tooBig, String total, String remoteType, String described, String sparkType,
                                      EngineSql sql) {
        String message = sql.quoteStringLiteral(OVERFLOW_MARK + described + " = ") + " || " + total
                + " || " + sql.quoteStringLiteral(" cannot be represented as " + sparkType);
        return "CASE WHEN " + tooBig + " THEN CAST(" + message + " AS " + remoteType + ") ELSE CAST(" + total + " AS " + remoteType + ") END";
    }
}
