package io.sparkfederated.pushdown.rules;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataTypes;

import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.pushdown.ValueRule;

/** A pushable condition used as a boolean value (an operand of a comparison, a CASE result, …). */
public final class PredicateValues implements ValueRule {

    @Override
    public Optional<SqlValue> compile(Expression e, RuleCompiler compiler) {
        return e instanceof Predicate p
                ? compiler.predicate(p).map(sql -> compiler.computed(sql, DataTypes.BooleanType)) : Optional.empty();
    }
}
