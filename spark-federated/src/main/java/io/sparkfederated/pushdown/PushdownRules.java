package io.sparkfederated.pushdown;

import java.util.List;
import java.util.Optional;

/**
 * The rules one engine composes. Each expression goes to the rules of its kind in order; the first
 * that compiles it wins, and none compiling means Spark evaluates it.
 *
 * @param predicates            WHERE conditions (comparisons, IN, IS NULL, AND/OR/NOT, LIKE, …)
 * @param values                values other than columns and literals (arithmetic, functions, casts, …)
 * @param aggregates            aggregate functions
 * @param columnKeysOnly        whether sort keys, grouping keys and aggregate arguments must be plain columns
 * @param narrowing             conditions that narrow the rows read where no exact one exists; may be null
 */
public record PushdownRules(List<PredicateRule> predicates, List<ValueRule> values, List<AggregateRule> aggregates,
                            boolean columnKeysOnly, PredicateRule narrowing) {

    public PushdownRules {
        predicates = List.copyOf(predicates);
        values = List.copyOf(values);
        aggregates = List.copyOf(aggregates);
    }

    public Optional<PredicateRule> narrowingRule() {
        return Optional.ofNullable(narrowing);
    }
}
