package io.sparkfederated.pushdown;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import io.sparkfederated.query.CompiledOutput;

/**
 * Translates Spark's V2 expressions into one remote database's SQL, for one relation. Empty means
 * "not safe to push": the remote database could return a different answer than Spark would, or the
 * expression is not supported; Spark then evaluates it itself.
 */
public interface ExpressionCompiler {

    Optional<String> predicate(Predicate predicate);

    /**
     * A remote condition that every row the predicate accepts also satisfies (it may keep more rows),
     * for predicates {@link #predicate} cannot push exactly. The remote database narrows the rows;
     * Spark still applies the predicate itself. Empty when there is none.
     */
    default Optional<String> narrowingPredicate(Predicate predicate) {
        return Optional.empty();
    }

    Optional<String> sortOrder(SortOrder order);

    /** A GROUP BY key (a column), output under the given alias. */
    Optional<CompiledOutput> groupingKey(Expression key, String alias);

    /** An aggregate whose remote result is exactly Spark's (value and type), output under the alias. */
    Optional<CompiledOutput> aggregate(AggregateFunc function, String alias);
}
