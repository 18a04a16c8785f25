package io.sparkfederated.connector.mysql;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Avg;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.ShortType;

import io.sparkfederated.pushdown.AggregateOutput;
import io.sparkfederated.pushdown.AggregateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.ValueKind;

/**
 * AVG of Spark shorts and ints as Spark computes it: the sum as a double (exact below 2^53) divided by
 * the count as a double. MySQL's exact sum times the DOUBLE {@code 1e0} is that double (the decimal
 * rounded once), and its double division is IEEE's. Averages of bigints (Spark adds doubles, rounding
 * each time), decimals (MySQL's scale follows {@code div_precision_increment}) and floats stay in Spark.
 */
final class MySqlAvgRule implements AggregateRule {

    @Override
    public Optional<CompiledOutput> compile(AggregateFunc function, String alias, RuleCompiler compiler) {
        if (!(function instanceof Avg avg)) {
            return Optional.empty();
        }
        return compiler.key(avg.column()).filter(v -> v.can(ColumnCapability.EQUALITY)
                && (v.type() instanceof ShortType || v.type() instanceof IntegerType)).map(v -> {
                    String argument = (avg.isDistinct() ? "DISTINCT " : "") + v.sql();
                    return AggregateOutput.of("(SUM(" + argument + ") * 1e0) / (COUNT(" + argument + ") * 1e0)", alias, "double",
                            ColumnMapping.of(DataTypes.DoubleType, ValueKind.DOUBLE), true);
                });
    }
}
