package io.sparkfederated.pushdown.rules;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.filter.Predicate;

import io.sparkfederated.pushdown.PredicateRule;
import io.sparkfederated.pushdown.RuleCompiler;

/** AND, OR, NOT of pushable conditions, and the constants TRUE and FALSE. */
public final class BooleanLogic implements PredicateRule {

    @Override
    public Optional<String> compile(Predicate p, RuleCompiler compiler) {
        Expression[] c = p.children();
        return switch (p.name()) {
            case "ALWAYS_TRUE" -> Optional.of("TRUE");
            case "ALWAYS_FALSE" -> Optional.of("FALSE");
            case "AND", "OR" -> compiler.condition(c[0]).flatMap(left -> compiler.condition(c[1])
                    .map(right -> "(" + left + ") " + p.name() + " (" + right + ")"));
            case "NOT" -> compiler.condition(c[0]).map(x -> "NOT (" + x + ")");
            default -> Optional.empty();
        };
    }
}
