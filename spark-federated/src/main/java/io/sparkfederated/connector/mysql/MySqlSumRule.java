package io.sparkfederated.connector.mysql;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;

import io.sparkfederated.pushdown.AggregateOutput;
import io.sparkfederated.pushdown.AggregateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.ValueKind;

/**
 * SUM with Spark's result type and value. MySQL sums integers and DECIMAL(p,s) exactly, as a DECIMAL.
 * Spark short and int sums are bigint (no table holds the 2^32 rows that would overflow it). A bigint
 * sum is bigint and a decimal sum Spark's DECIMAL(min(p+10, 38), s); where the exact sum does not fit:
 * <ul>
 * <li>under ANSI mode Spark fails, and so does the pushed sum: its overflow branch overflows a BIGINT,
 *     MySQL's error 1690, which {@link MySqlErrors} reports as {@code [ARITHMETIC_OVERFLOW]}. (try_sum
 *     reaches a data source as the same SUM, so an overflowing try_sum fails too instead of being NULL;
 *     and Spark's own bigint sum fails when a running total overflows even if the final sum fits, which
 *     depends on the order rows arrive in: the pushed sum fails only when the result does not fit.)</li>
 * <li>outside ANSI mode a decimal sum is NULL, as Spark's (and try_sum's). A bigint sum stays in Spark:
 *     Spark's wraps around modulo 2^64 while try_sum's, the same SUM here, is NULL, and MySQL cannot tell
 *     which was asked.</li>
 * </ul>
 * Float sums depend on the order of addition and stay in Spark.
 */
final class MySqlSumRule implements AggregateRule {

    /** The start of the overflow branch's text in MySQL's error 1690, which {@link MySqlErrors} recognizes. */
    static final String OVERFLOW = "9223372036854775807 + ";

    @Override
    public Optional<CompiledOutput> compile(AggregateFunc function, String alias, RuleCompiler compiler) {
        if (!(function instanceof Sum sum)) {
            return Optional.empty();
        }
        return compiler.key(sum.column()).filter(v -> v.can(ColumnCapability.EQUALITY))
                .flatMap(v -> sum(v, "SUM(" + (sum.isDistinct() ? "DISTINCT " : "") + v.sql() + ")", alias, compiler));
    }

    private static Optional<CompiledOutput> sum(SqlValue v, String total, String alias, RuleCompiler compiler) {
        boolean ansi = compiler.context().ansi();
        if (v.type() instanceof ShortType || v.type() instanceof IntegerType) {
            return Optional.of(AggregateOutput.of(total, alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), true));
        }
        if (v.type() instanceof LongType && ansi) {
            String fits = total + " BETWEEN " + Long.MIN_VALUE + " AND " + Long.MAX_VALUE;
            return Optional.of(AggregateOutput.of("CASE WHEN " + total + " IS NULL OR " + fits + " THEN CAST(" + total
                    + " AS SIGNED) ELSE " + overflow(total) + " END", alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), true));
        }
        if (v.type() instanceof DecimalType d) {
            DecimalType result = DataTypes.createDecimalType(Math.min(DecimalType.MAX_PRECISION(), d.precision() + 10), d.scale());
            // the sum has the argument's scale: it fits when below 10^(integer digits), an exact DECIMAL literal
            String limit = "1" + "0".repeat(result.precision() - result.scale());
            String tooBig = "ABS(" + total + ") >= " + limit;
            String sql = ansi ? "CASE WHEN " + tooBig + " THEN " + overflow(total) + " ELSE " + total + " END"
                    : "CASE WHEN " + tooBig + " THEN NULL ELSE " + total + " END";
            return Optional.of(AggregateOutput.of(sql, alias, "decimal(" + result.precision() + "," + result.scale() + ")",
                    ColumnMapping.of(result, ValueKind.DECIMAL), true));
        }
        return Optional.empty();
    }

    /** A BIGINT overflow, evaluated only in its branch (it depends on the sum, so it is not folded when planned). */
    private static String overflow(String total) {
        return "(" + OVERFLOW + "(" + total + " IS NOT NULL))";
    }
}
