package io.sparkfederated.pushdown.rules;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.pushdown.PredicateRule;
import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.query.ColumnCapability;

/**
 * startswith, endswith and contains (Spark's forms of {@code LIKE 'abc%'}, {@code '%abc'} and
 * {@code '%abc%'}) as {@code LIKE} with {@code %}, {@code _} and {@code \} escaped, on text whose
 * characters the remote database matches as Spark does.
 */
public final class LikePatterns implements PredicateRule {

    @Override
    public Optional<String> compile(Predicate p, RuleCompiler compiler) {
        return switch (p.name()) {
            case "STARTS_WITH" -> like(p.children(), false, true, compiler);
            case "ENDS_WITH" -> like(p.children(), true, false, compiler);
            case "CONTAINS" -> like(p.children(), true, true, compiler);
            default -> Optional.empty();
        };
    }

    private static Optional<String> like(Expression[] c, boolean anyPrefix, boolean anySuffix, RuleCompiler compiler) {
        Optional<SqlValue> subject = compiler.value(c[0])
                .filter(v -> v.type() instanceof StringType && v.can(ColumnCapability.TEXT));
        if (subject.isEmpty() || !(c[1] instanceof Literal<?> literal) || literal.value() == null) {
            return Optional.empty();
        }
        String text = literal.value().toString();
        if (text.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        String pattern = (anyPrefix ? "%" : "") + escape(text) + (anySuffix ? "%" : "");
        return Optional.of(compiler.sql().comparand(subject.get()) + " LIKE " + compiler.sql().quoteStringLiteral(pattern)
                + " ESCAPE " + compiler.sql().quoteStringLiteral("\\"));
    }

    /** The text as a LIKE pattern matching exactly itself, with backslash as the escape character. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
