package io.sparkfederated.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sparkfederated.query.RemoteEstimate;

/** The choice to push a join, from the remote planner's estimates (no Spark, no server). */
class JoinChoiceTest {

    private static Optional<RemoteEstimate> estimate(long rows, long width, double cost) {
        return Optional.of(new RemoteEstimate(rows, width, Map.of(), cost));
    }

    @Test
    void aJoinThatSendsFarFewerRowsForLittleRemoteWorkIsPushed() {
        JoinChoice choice = JoinChoice.byCost(estimate(1_500_000, 24, 40_000), estimate(30_000, 20, 180_000),
                estimate(30_000, 40, 230_000));
        assertThat(choice.push()).isTrue();
        assertThat(choice.reason()).startsWith("auto: remote join cost 230000 + 30000 rows sent").contains(" <= ");
    }

    @Test
    void aJoinWhoseRemoteWorkOutweighsTheRowsItSavesIsNot() {
        // a join that multiplies rows: more cross the network than both sides hold together
        JoinChoice choice = JoinChoice.byCost(estimate(10_000, 20, 200), estimate(10_000, 20, 200),
                estimate(1_000_000, 40, 60_000));
        assertThat(choice.push()).isFalse();
        assertThat(choice.reason()).contains(" > scans 200 + 200 + 20000 rows sent");
    }

    @Test
    void tinySidesArePushedForTheStatementTheySave() {
        assertThat(JoinChoice.byCost(estimate(5, 20, 25), estimate(5, 20, 25), estimate(10, 40, 60)).push()).isTrue();
    }

    @Test
    void withoutACostTheJoinIsPushedAsBefore() {
        JoinChoice choice = JoinChoice.byCost(Optional.of(new RemoteEstimate(5, 8, Map.of())), estimate(5, 8, 1),
                Optional.empty());
        assertThat(choice).isEqualTo(new JoinChoice(true, "auto: no remote cost estimate, pushed"));
    }

    @Test
    void alwaysAndNeverOverrideTheEstimates() {
        java.util.function.Supplier<Optional<RemoteEstimate>> unasked = () -> {
            throw new AssertionError("no estimate is needed");
        };
        assertThat(JoinChoice.decide("never", unasked, unasked, unasked)).isEqualTo(new JoinChoice(false, "pushdown_joins=never"));
        assertThat(JoinChoice.decide("always", unasked, unasked, unasked)).isEqualTo(new JoinChoice(true, "pushdown_joins=always"));
        assertThat(JoinChoice.decide("auto", () -> estimate(1, 1, 1), () -> estimate(1, 1, 1), () -> estimate(1_000_000, 100, 1e9))
                .push()).isFalse();
    }
}
