package io.sparkfederated.pushdown;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.filter.Predicate;

/** Compiles the predicates of one operator family; empty when it does not apply or is not safe. */
@FunctionalInterface
public interface PredicateRule {

    Optional<String> compile(Predicate predicate, RuleCompiler compiler);
}
