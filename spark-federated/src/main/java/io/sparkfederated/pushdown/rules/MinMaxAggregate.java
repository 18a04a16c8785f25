package io.sparkfederated.pushdown.rules;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;

import io.sparkfederated.pushdown.AggregateOutput;
import io.sparkfederated.pushdown.AggregateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.CompiledOutput;

/** MIN and MAX of a column that orders as in Spark, read back as the column is (without its read cast). */
public final class MinMaxAggregate implements AggregateRule {

    @Override
    public Optional<CompiledOutput> compile(AggregateFunc function, String alias, RuleCompiler compiler) {
        Expression argument = function instanceof Min min ? min.column() : function instanceof Max max ? max.column() : null;
        if (!(argument instanceof NamedReference ref)) {
            return Optional.empty();
        }
        String name = function instanceof Min ? "min(" : "max(";
        return compiler.value(ref).filter(v -> v.can(ColumnCapability.ORDER)).flatMap(v -> compiler.column(ref)
                .map(col -> AggregateOutput.of(name + compiler.sql().comparand(v) + ")", alias, col.remoteType(),
                        col.mapping().withRemoteCast(null), true)));
    }
}
