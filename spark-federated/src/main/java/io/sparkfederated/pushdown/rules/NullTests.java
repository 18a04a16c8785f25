package io.sparkfederated.pushdown.rules;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.filter.Predicate;

import io.sparkfederated.pushdown.PredicateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.query.ColumnCapability;

/** IS NULL and IS NOT NULL of any value that may appear in a filter. */
public final class NullTests implements PredicateRule {

    @Override
    public Optional<String> compile(Predicate p, RuleCompiler compiler) {
        String test = switch (p.name()) {
            case "IS_NULL" -> " IS NULL";
            case "IS_NOT_NULL" -> " IS NOT NULL";
            default -> null;
        };
        return test == null ? Optional.empty() : compiler.value(p.children()[0])
                .filter(v -> v.can(ColumnCapability.FILTER)).map(v -> "(" + v.sql() + ")" + test);
    }
}
