package io.sparkfederated.pushdown.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.filter.Predicate;

import io.sparkfederated.pushdown.PredicateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.query.ColumnCapability;

/**
 * {@code x IN (literals…)} where x takes exact equality and every literal is of its type. Never an
 * empty list: {@code IN ()} is no SQL (an empty runtime filter matches nothing and is handled before).
 */
public final class InList implements PredicateRule {

    @Override
    public Optional<String> compile(Predicate p, RuleCompiler compiler) {
        Expression[] c = p.children();
        if (!p.name().equals("IN") || c.length < 2) {
            return Optional.empty();
        }
        Optional<SqlValue> subject = compiler.value(c[0]).filter(v -> v.can(ColumnCapability.EQUALITY));
        if (subject.isEmpty()) {
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (int i = 1; i < c.length; i++) {
            Optional<SqlValue> item = c[i] instanceof Literal<?> ? compiler.value(c[i]) : Optional.empty();
            if (item.isEmpty() || !Comparisons.sameFamily(subject.get().type(), item.get().type())) {
                return Optional.empty();
            }
            items.add(item.get().sql());
        }
        return Optional.of(compiler.sql().comparand(subject.get()) + " IN (" + String.join(", ", items) + ")");
    }
}
