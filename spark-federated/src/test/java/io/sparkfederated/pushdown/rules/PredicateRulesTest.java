package io.sparkfederated.pushdown.rules;

import static io.sparkfederated.pushdown.V2.col;
import static io.sparkfederated.pushdown.V2.decimal;
import static io.sparkfederated.pushdown.V2.lit;
import static io.sparkfederated.pushdown.V2.pred;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.connector.expressions.Expression;
import org.junit.jupiter.api.Test;

import io.sparkfederated.pushdown.RuleCompiler;

/** Comparisons, IN, IS NULL, AND/OR/NOT and LIKE patterns: what each accepts and refuses. */
class PredicateRulesTest {

    private final RuleCompiler compiler = RuleFixture.predicates();

    @Test
    void comparisonsPutTheLeftSideInComparableFormAndUseIsNotDistinctFromForNullSafeEquality() {
        assertThat(compiler.predicate(pred(">=", col("id"), lit(3)))).contains("(\"id\") >= (3)");
        assertThat(compiler.predicate(pred("<=>", col("name"), lit("a")))).contains("(\"name\") COLLATE x IS NOT DISTINCT FROM ('a')");
    }

    @Test
    void stringRangesNeedAColumnThatOrdersAsSparkDoes() {
        assertThat(compiler.predicate(pred("<", col("name"), lit("m")))).isPresent();
        assertThat(compiler.predicate(pred("<", col("padded"), lit("m")))).isEmpty();
        assertThat(compiler.predicate(pred("=", col("padded"), lit("m")))).isEmpty();
        assertThat(compiler.predicate(pred("=", col("loose"), lit("m")))).isEmpty();
    }

    @Test
    void floatsCompareButMixedTypesDoNot() {
        assertThat(compiler.predicate(pred("=", col("ratio"), lit(0.5)))).contains("(\"ratio\") = (0.5)");
        assertThat(compiler.predicate(pred("=", col("id"), lit(1L)))).isEmpty();
    }

    @Test
    void decimalsOfDifferentScalesCompare() {
        RuleCompiler c = RuleFixture.predicates();
        assertThat(c.predicate(pred("=", decimal("1.5", 3, 1), decimal("1.50", 4, 2)))).isPresent();
    }

    @Test
    void inListsTakeLiteralsOfTheSubjectsTypeAndNeverAnEmptyList() {
        assertThat(compiler.predicate(pred("IN", col("id"), lit(1), lit(2)))).contains("(\"id\") IN (1, 2)");
        assertThat(compiler.predicate(pred("IN", col("id")))).isEmpty();
        assertThat(compiler.predicate(pred("IN", col("id"), lit(1), lit(2L)))).isEmpty();
        assertThat(compiler.predicate(pred("IN", col("id"), lit(1), col("id")))).isEmpty();
        assertThat(compiler.predicate(pred("IN", col("padded"), lit("a")))).isEmpty();
    }

    @Test
    void nullTestsTakeAnyValueAllowedInAFilter() {
        assertThat(compiler.predicate(pred("IS_NULL", col("padded")))).contains("(\"padded\") IS NULL");
        assertThat(compiler.predicate(pred("IS_NOT_NULL", col("id")))).contains("(\"id\") IS NOT NULL");
        assertThat(compiler.predicate(pred("IS_NULL", col("loose")))).isEmpty();
    }

    @Test
    void booleanLogicNeedsEverySideAndConstantsAreKept() {
        Expression ok = pred("=", col("id"), lit(1));
        Expression notPushable = pred("<", col("padded"), lit("x"));
        assertThat(compiler.predicate(pred("AND", ok, ok))).contains("((\"id\") = (1)) AND ((\"id\") = (1))");
        assertThat(compiler.predicate(pred("OR", ok, notPushable))).isEmpty();
        assertThat(compiler.predicate(pred("NOT", ok))).contains("NOT ((\"id\") = (1))");
        assertThat(compiler.predicate(pred("ALWAYS_FALSE"))).contains("FALSE");
    }

    @Test
    void likePatternsEscapeWildcardsAndBackslashes() {
        assertThat(compiler.predicate(pred("STARTS_WITH", col("name"), lit("50%_a\\b"))))
                .contains("(\"name\") COLLATE x LIKE '50\\%\\_a\\\\b%' ESCAPE '\\'");
        assertThat(compiler.predicate(pred("ENDS_WITH", col("name"), lit("it's")))).contains("(\"name\") COLLATE x LIKE '%it''s' ESCAPE '\\'");
        assertThat(compiler.predicate(pred("CONTAINS", col("name"), lit("é")))).contains("(\"name\") COLLATE x LIKE '%é%' ESCAPE '\\'");
    }

    @Test
    void likePatternsNeedTextCountedAsSparkAndAPlainLiteral() {
        assertThat(compiler.predicate(pred("STARTS_WITH", col("padded"), lit("a")))).isEmpty();
        assertThat(compiler.predicate(pred("STARTS_WITH", col("name"), lit((String) null)))).isEmpty();
        assertThat(compiler.predicate(pred("STARTS_WITH", col("name"), lit("a\0b")))).isEmpty();
        assertThat(compiler.predicate(pred("STARTS_WITH", col("name"), col("name")))).isEmpty();
    }
}
