package io.sparkfederated.pushdown;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;

import io.sparkfederated.query.CompiledOutput;

/**
 * Compiles one aggregate family into SQL whose result is exactly Spark's, value and type, output
 * under the alias; empty when it does not apply or is not safe.
 */
@FunctionalInterface
public interface AggregateRule {

    Optional<CompiledOutput> compile(AggregateFunc function, String alias, RuleCompiler compiler);
}
