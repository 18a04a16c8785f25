package io.sparkfederated.pushdown.rules;

import static io.sparkfederated.pushdown.V2.col;
import static io.sparkfederated.pushdown.V2.fn;
import static io.sparkfederated.pushdown.V2.lit;
import static io.sparkfederated.pushdown.V2.pred;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.query.ColumnCapability;

/** Arithmetic, CASE/COALESCE, GREATEST/LEAST, length and concat, and conditions used as values. */
class ValueRulesTest {

    @Test
    void integerArithmeticOnlyUnderAnsiMode() {
        RuleCompiler ansi = RuleFixture.values(true, new IntegerArithmetic());
        RuleCompiler legacy = RuleFixture.values(false, new IntegerArithmetic());
        assertThat(ansi.value(fn("+", col("id"), lit(1)))).get().extracting(v -> v.sql()).isEqualTo("(\"id\") + (1)");
        assertThat(legacy.value(fn("+", col("id"), lit(1)))).isEmpty();
        assertThat(legacy.value(fn("-", col("id")))).get().extracting(v -> v.sql()).isEqualTo("-(\"id\")");
    }

    @Test
    void arithmeticOfFloatsOrMixedIntegerTypesIsRefused() {
        RuleCompiler ansi = RuleFixture.values(true, new IntegerArithmetic());
        assertThat(ansi.value(fn("*", col("ratio"), lit(2.0)))).isEmpty();
        assertThat(ansi.value(fn("+", col("id"), col("big")))).isEmpty();
        assertThat(ansi.value(fn("/", col("id"), lit(2)))).isEmpty();
    }

    @Test
    void arithmeticResultsCompareLikeTheirType() {
        RuleCompiler ansi = RuleFixture.values(true, new IntegerArithmetic());
        assertThat(ansi.predicate(pred(">", fn("%", col("id"), lit(7)), lit(2)))).contains("((\"id\") % (7)) > (2)");
    }

    @Test
    void coalesceAndCaseNeedOneTypeAndTakeWhatAllTheirValuesSupport() {
        RuleCompiler compiler = RuleFixture.values(true, new Conditionals());
        assertThat(compiler.value(fn("COALESCE", col("name"), lit("x")))).get()
                .satisfies(v -> assertThat(v.can(ColumnCapability.ORDER)).isTrue());
        assertThat(compiler.value(fn("COALESCE", col("name"), col("padded")))).get()
                .satisfies(v -> assertThat(v.can(ColumnCapability.ORDER)).isFalse());
        assertThat(compiler.value(fn("COALESCE", col("id"), lit(1L)))).isEmpty();
        assertThat(compiler.value(fn("CASE_WHEN", pred("=", col("id"), lit(1)), lit("one"), lit("other"))))
                .get().extracting(v -> v.sql()).isEqualTo("CASE WHEN (\"id\") = (1) THEN ('one') ELSE ('other') END");
        assertThat(compiler.value(fn("CASE_WHEN", pred("<", col("padded"), lit("a")), lit(1), lit(2)))).isEmpty();
    }

    @Test
    void greatestAndLeastNeedValuesThatOrderAsInSpark() {
        RuleCompiler compiler = RuleFixture.values(true, new GreatestLeast());
        assertThat(compiler.value(fn("GREATEST", col("ratio"), lit(1.0)))).get().extracting(v -> v.sql())
                .isEqualTo("GREATEST((\"ratio\"), (1.0))");
        assertThat(compiler.value(fn("LEAST", col("padded"), lit("a")))).isEmpty();
    }

    @Test
    void lengthAndConcatNeedTextCountedAsInSpark() {
        RuleCompiler compiler = RuleFixture.values(true, new StringFunctions());
        assertThat(compiler.value(fn("CHAR_LENGTH", col("name")))).get().extracting(v -> v.sql()).isEqualTo("char_length(\"name\")");
        assertThat(compiler.value(fn("CHAR_LENGTH", col("padded")))).isEmpty();
        assertThat(compiler.value(fn("CONCAT", col("name"), lit("!")))).get().extracting(v -> v.sql()).isEqualTo("(\"name\") || ('!')");
        assertThat(compiler.value(fn("CONCAT", col("name"), col("padded")))).isEmpty();
    }

    @Test
    void aConditionServesAsABooleanValue() {
        RuleCompiler compiler = RuleFixture.values(true, new PredicateValues());
        assertThat(compiler.predicate(pred("=", pred("=", col("id"), lit(1)), pred("=", col("id"), lit(2)))))
                .contains("((\"id\") = (1)) = ((\"id\") = (2))");
    }
}
