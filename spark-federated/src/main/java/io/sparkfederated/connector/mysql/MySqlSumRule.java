package io.sparkfederated.connector.mysql;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
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
 * SUM with Spark's result type and value. MySQL sums integers and DECIMAL(p,s) exactly, as
 * DECIMAL(p+22, s). Spark short and int sums are bigint (no table holds the 2^32 rows that would
 * overflow it). A decimal sum is Spark's DECIMAL(min(p+10, 38), s): outside ANSI mode NULL where the
 * exact sum does not fit it, as Spark's is (and try_sum's). Under ANSI mode Spark fails on that
 * overflow, which a MySQL query cannot report as Spark does, so those sums stay in Spark, as do bigint
 * sums (Spark's wraps around, try_sum's is NULL) and float sums (they depend on the order of addition).
 */
final class MySqlSumRule implements AggregateRule {

    @Override
    public Optional<CompiledOutput> compile(AggregateFunc function, String alias, RuleCompiler compiler) {
        if (!(function instanceof Sum sum)) {
            return Optional.empty();
        }
        return compiler.key(sum.column()).filter(v -> v.can(ColumnCapability.EQUALITY))
                .flatMap(v -> sum(v, "SUM(" + (sum.isDistinct() ? "DISTINCT " : "") + v.sql() + ")", alias, compiler));
    }

    private static Optional<CompiledOutput> sum(SqlValue v, String total, String alias, RuleCompiler compiler) {
        if (v.type() instanceof ShortType || v.type() instanceof IntegerType) {
            return Optional.of(AggregateOutput.of(total, alias, "bigint", ColumnMapping.of(DataTypes.LongType, ValueKind.LONG), true));
        }
        if (v.type() instanceof DecimalType d && !compiler.context().ansi()) {
            DecimalType result = DataTypes.createDecimalType(Math.min(DecimalType.MAX_PRECISION(), d.precision() + 10), d.scale());
            // the sum has the argument's scale: it fits when below 10^(integer digits), an exact DECIMAL literal
            String limit = "1" + "0".repeat(result.precision() - result.scale());
            return Optional.of(AggregateOutput.of("CASE WHEN ABS(" + total + ") >= " + limit + " THEN NULL ELSE " + total + " END",
                    alias, "decimal(" + result.precision() + "," + result.scale() + ")", ColumnMapping.of(result, ValueKind.DECIMAL), true));
        }
        return Optional.empty();
    }
}
