package io.sparkfederated.pushdown.rules;

import static io.sparkfederated.pushdown.V2.col;
import static io.sparkfederated.pushdown.V2.lit;
import static io.sparkfederated.pushdown.V2.pred;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.junit.jupiter.api.Test;

import io.sparkfederated.pushdown.RuleCompiler;

/** COUNT, and conditions that only narrow the rows read. */
class AggregateAndNarrowingRulesTest {

    private final RuleCompiler compiler = RuleFixture.compiler(true, List.of(new BooleanLogic(), new Comparisons(), new InList()),
            List.of(), List.of(new CountAggregate()), new NarrowingEquality());

    @Test
    void countsAreBigintsAndCountDistinctNeedsExactEquality() {
        assertThat(compiler.aggregate(new CountStar(), "n")).get().satisfies(out -> {
            assertThat(out.sql()).isEqualTo("count(*)");
            assertThat(out.column().remoteType()).isEqualTo("bigint");
            assertThat(out.column().nullable()).isFalse();
        });
        assertThat(compiler.aggregate(new Count(col("padded"), false), "n")).get().extracting(o -> o.sql())
                .isEqualTo("count((\"padded\"))");
        assertThat(compiler.aggregate(new Count(col("name"), true), "n")).get().extracting(o -> o.sql())
                .isEqualTo("count(DISTINCT (\"name\") COLLATE x)");
        assertThat(compiler.aggregate(new Count(col("padded"), true), "n")).isEmpty();
    }

    @Test
    void looseStringEqualityNarrowsButIsNeverExact() {
        assertThat(compiler.predicate(pred("=", col("loose"), lit("a")))).isEmpty();
        assertThat(compiler.narrowingPredicate(pred("=", col("loose"), lit("a")))).contains("\"loose\" = 'a'");
        assertThat(compiler.narrowingPredicate(pred("=", lit("a"), col("loose")))).contains("\"loose\" = 'a'");
        assertThat(compiler.narrowingPredicate(pred("IN", col("loose"), lit("a"), lit((String) null), lit("b"))))
                .contains("\"loose\" IN ('a', 'b')");
    }

    @Test
    void narrowingKeepsOneSideOfAndNeedsBothSidesOfOrAndNeverGoesUnderNot() {
        var loose = pred("=", col("loose"), lit("a"));
        var unpushable = pred("<", col("padded"), lit("a"));
        var exact = pred("=", col("id"), lit(1));
        assertThat(compiler.narrowingPredicate(pred("AND", unpushable, loose))).contains("\"loose\" = 'a'");
        assertThat(compiler.narrowingPredicate(pred("AND", exact, loose))).contains("((\"id\") = (1)) AND (\"loose\" = 'a')");
        assertThat(compiler.narrowingPredicate(pred("OR", unpushable, loose))).isEmpty();
        assertThat(compiler.narrowingPredicate(pred("OR", exact, loose))).contains("((\"id\") = (1)) OR (\"loose\" = 'a')");
        assertThat(compiler.narrowingPredicate(pred("NOT", loose))).isEmpty();
    }

    @Test
    void narrowingNeedsAColumnThatSaysSo() {
        assertThat(compiler.narrowingPredicate(pred("=", col("padded"), lit("a")))).isEmpty();
        assertThat(compiler.narrowingPredicate(pred("IN", col("loose"), lit((String) null)))).isEmpty();
    }
}
