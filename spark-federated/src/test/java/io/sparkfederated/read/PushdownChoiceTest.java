package io.sparkfederated.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sparkfederated.query.RemoteEstimate;

/** The choice to push a join or an aggregate, from the remote planner's estimates (no Spark, no server). */
class PushdownChoiceTest {

    private static Optional<RemoteEstimate> estimate(long rows, long width, double cost) {
        return Optional.of(new RemoteEstimate(rows, width, Map.of(), cost));
    }

    @Test
    void aJoinThatSendsFarFewerRowsForLittleRemoteWorkIsPushed() {
        PushdownChoice choice = PushdownChoice.joinByCost(estimate(1_500_000, 24, 40_000), estimate(30_000, 20, 180_000),
                estimate(30_000, 40, 230_000));
        assertThat(choice.push()).isTrue();
        assertThat(choice.reason()).startsWith("auto: remote join cost 230000 + 30000 rows sent").contains(" <= ");
    }

    @Test
    void aJoinWhoseRemoteWorkOutweighsTheRowsItSavesIsNot() {
        // a join that multiplies rows: more cross the network than both sides hold together
        PushdownChoice choice = PushdownChoice.joinByCost(estimate(10_000, 20, 200), estimate(10_000, 20, 200),
                estimate(1_000_000, 40, 60_000));
        assertThat(choice.push()).isFalse();
        assertThat(choice.reason()).contains(" > scans 200 + 200 + 20000 rows sent");
    }

    @Test
    void tinySidesArePushedForTheStatementTheySave() {
        assertThat(PushdownChoice.joinByCost(estimate(5, 20, 25), estimate(5, 20, 25), estimate(10, 40, 60)).push()).isTrue();
    }

    @Test
    void withoutACostTheJoinIsPushedAsBefore() {
        PushdownChoice choice = PushdownChoice.joinByCost(Optional.of(new RemoteEstimate(5, 8, Map.of())), estimate(5, 8, 1),
                Optional.empty());
        assertThat(choice).isEqualTo(new PushdownChoice(true, "auto: no remote cost estimate, pushed"));
    }

    @Test
    void alwaysAndNeverOverrideTheEstimatesOfAJoin() {
        java.util.function.Supplier<Optional<RemoteEstimate>> unasked = () -> {
            throw new AssertionError("no estimate is needed");
        };
        assertThat(PushdownChoice.join("never", unasked, unasked, unasked)).isEqualTo(new PushdownChoice(false, "pushdown_joins=never"));
        assertThat(PushdownChoice.join("always", unasked, unasked, unasked)).isEqualTo(new PushdownChoice(true, "pushdown_joins=always"));
        assertThat(PushdownChoice.join("auto", () -> estimate(1, 1, 1), () -> estimate(1, 1, 1), () -> estimate(1_000_000, 100, 1e9))
                .push()).isFalse();
    }

    @Test
    void anAggregateThatSendsFewRowsInsteadOfMillionsIsPushed() {
        // TPC-H Q1's shape: 6M lineitem rows of 7 columns scanned, 4 groups out; PostgreSQL's estimates at SF 1
        PushdownChoice choice = PushdownChoice.aggregateByCost(estimate(5_900_000, 40, 230_000), estimate(4, 100, 420_000));
        assertThat(choice.push()).isTrue();
        assertThat(choice.reason()).isEqualTo("auto: remote aggregate cost 420000 + 4 rows sent (420000) <= scan 230000"
                + " + 5900000 rows sent (643000)");
    }

    @Test
    void anAggregateThatHardlyReducesTheRowsIsLeftToSpark() {
        // GROUP BY a unique key: as many rows sent, and a sort or hash of all of them remotely
        PushdownChoice choice = PushdownChoice.aggregateByCost(estimate(2_000_000, 14, 40_000), estimate(2_000_000, 22, 330_000));
        assertThat(choice.push()).isFalse();
        assertThat(choice.reason()).contains(" > scan 40000 + 2000000 rows sent (154000)");
    }

    @Test
    void anAggregateOverASmallScanIsPushedForTheRowsItSaves() {
        // PostgreSQL guesses 200 groups for a table never analysed: more rows than the scan, but all of it costs little
        PushdownChoice choice = PushdownChoice.aggregateByCost(estimate(20, 16, 12), estimate(200, 24, 40));
        assertThat(choice).isEqualTo(new PushdownChoice(true, "auto: scan 12 + 20 rows sent (13) is small, pushed"));
    }

    @Test
    void withoutACostTheAggregateIsPushedAsBefore() {
        assertThat(PushdownChoice.aggregateByCost(estimate(5, 8, 1), Optional.of(new RemoteEstimate(1, 8, Map.of()))))
                .isEqualTo(new PushdownChoice(true, "auto: no remote cost estimate, pushed"));
    }

    @Test
    void theInputsAreNotEstimatedWhenThePushedQueryHasNoCost() {
        java.util.function.Supplier<Optional<RemoteEstimate>> unasked = () -> {
            throw new AssertionError("no scan estimate is needed");
        };
        assertThat(PushdownChoice.aggregate("auto", unasked, () -> Optional.of(new RemoteEstimate(4, 8, Map.of()))))
                .isEqualTo(new PushdownChoice(true, "auto: no remote cost estimate, pushed"));
        assertThat(PushdownChoice.aggregate("auto", unasked, Optional::empty).push()).isTrue();
        assertThat(PushdownChoice.join("auto", unasked, unasked, () -> Optional.of(new RemoteEstimate(4, 8, Map.of()))))
                .isEqualTo(new PushdownChoice(true, "auto: no remote cost estimate, pushed"));
    }

    @Test
    void alwaysAndNeverOverrideTheEstimatesOfAnAggregate() {
        java.util.function.Supplier<Optional<RemoteEstimate>> unasked = () -> {
            throw new AssertionError("no estimate is needed");
        };
        assertThat(PushdownChoice.aggregate("never", unasked, unasked)).isEqualTo(new PushdownChoice(false, "pushdown_aggregates=never"));
        assertThat(PushdownChoice.aggregate("always", unasked, unasked)).isEqualTo(new PushdownChoice(true, "pushdown_aggregates=always"));
        assertThat(PushdownChoice.aggregate("auto", () -> estimate(100_000, 8, 2_000), () -> estimate(100_000, 8, 1e6))
                .push()).isFalse();
    }
}
