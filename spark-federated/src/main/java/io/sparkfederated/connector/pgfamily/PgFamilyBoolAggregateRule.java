package io.sparkfederated.connector.pgfamily;

import java.util.Locale;
import java.util.Optional;

import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.GeneralAggregateFunc;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataTypes;

import io.sparkfederated.pushdown.AggregateOutput;
import io.sparkfederated.pushdown.AggregateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.ValueKind;

/** BOOL_AND and BOOL_OR of a boolean, under the same names. */
public final class PgFamilyBoolAggregateRule implements AggregateRule {

    @Override
    public Optional<CompiledOutput> compile(AggregateFunc function, String alias, RuleCompiler compiler) {
        if (!(function instanceof GeneralAggregateFunc general) || general.children().length != 1
                || !(general.name().equals("BOOL_AND") || general.name().equals("BOOL_OR"))) {
            return Optional.empty();
        }
        return compiler.key(general.children()[0])
                .filter(v -> v.type() instanceof BooleanType && v.can(ColumnCapability.FILTER))
                .map(v -> AggregateOutput.of(general.name().toLowerCase(Locale.ROOT) + "(" + (general.isDistinct() ? "DISTINCT " : "")
                        + "(" + v.sql() + "))", alias, "boolean", ColumnMapping.of(DataTypes.BooleanType, ValueKind.BOOLEAN), true));
    }
}
