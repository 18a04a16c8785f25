package io.sparkfederated.connector.pgfamily;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Avg;
import org.apache.spark.sql.types.ByteType;
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
 * AVG of small integers as Spark computes it: the sum as a double (exact below 2^53) divided by the
 * count. Averages of bigint, decimals and floats stay in Spark (the remote database averages in exact
 * numeric and rounds once; Spark in doubles or at another scale).
 */
public final class PgFamilyAvgRule implements AggregateRule {

    @Override
    public Optional<CompiledOutput> compile(AggregateFunc function, String alias, RuleCompiler compiler) {
        if (!(function instanceof Avg avg)) {
            return Optional.empty();
        }
        return compiler.key(avg.column()).filter(v -> v.can(ColumnCapability.FILTER) && (v.type() instanceof ShortType
                || v.type() instanceof IntegerType || v.type() instanceof ByteType)).map(v -> {
                    String argument = (avg.isDistinct() ? "DISTINCT " : "") + "(" + v.sql() + ")";
                    return AggregateOutput.of("CAST(sum(" + argument + ") AS float8) / CAST(count(" + argument + ") AS float8)",
                            alias, "float8", ColumnMapping.of(DataTypes.DoubleType, ValueKind.DOUBLE), true);
                });
    }
}
