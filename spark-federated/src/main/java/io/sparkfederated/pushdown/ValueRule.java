package io.sparkfederated.pushdown;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;

/** Compiles the value expressions of one operator or function family; empty when it does not apply or is not safe. */
@FunctionalInterface
public interface ValueRule {

    Optional<SqlValue> compile(Expression expression, RuleCompiler compiler);
}
