package io.sparkfederated.connector.pgfamily;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataTypes;

import io.sparkfederated.pushdown.AggregateOutput;
import io.sparkfederated.pushdown.AggregateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.rules.MinMaxAggregate;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.CompiledOutput;
import io.sparkfederated.query.ValueKind;

/**
 * MIN and MAX of a column that orders as in Spark ({@link MinMaxAggregate}). Spark turns
 * bool_and/bool_or into min/max of booleans (false &lt; true), which this family has only under
 * the names bool_and and bool_or.
 */
public final class PgFamilyMinMaxRule implements AggregateRule {

    private static final MinMaxAggregate ORDERED = new MinMaxAggregate();

    @Override
    public Optional<CompiledOutput> compile(AggregateFunc function, String alias, RuleCompiler compiler) {
        Expression argument = function instanceof Min min ? min.column() : function instanceof Max max ? max.column() : null;
        if (!(argument instanceof NamedReference ref)) {
            return Optional.empty();
        }
        return compiler.value(ref).flatMap(v -> !(v.type() instanceof BooleanType) ? ORDERED.compile(function, alias, compiler)
                : v.can(ColumnCapability.FILTER) ? Optional.of(AggregateOutput.of((function instanceof Min ? "bool_and" : "bool_or")
                        + "((" + v.sql() + "))", alias, "boolean", ColumnMapping.of(DataTypes.BooleanType, ValueKind.BOOLEAN), true))
                : Optional.empty());
    }
}
