package io.sparkfederated.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.FieldReference;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** Spark's runtime filters merged per column before they are compiled (no Spark session, no server). */
class RuntimeFiltersTest {

    private static Predicate in(String column, Object... values) {
        Expression[] children = new Expression[values.length + 1];
        children[0] = FieldReference.column(column);
        for (int i = 0; i < values.length; i++) {
            children[i + 1] = new LiteralValue<>(values[i], DataTypes.IntegerType);
        }
        return new Predicate("IN", children);
    }

    private static String shown(Predicate[] predicates) {
        return Arrays.toString(predicates);
    }

    @Test
    void theSameValuesOfferedTwiceAreSentOnce() {
        // Q18: two pruning subqueries offer orders the same keys in another order
        Predicate[] merged = RuntimeFilters.merged(new Predicate[] {in("o_orderkey", 29158, 6882), in("o_orderkey", 6882, 29158)});
        assertThat(merged).hasSize(1);
        assertThat(shown(merged)).isEqualTo(shown(new Predicate[] {in("o_orderkey", 29158, 6882)}));
    }

    @Test
    void listsOnOneColumnKeepTheValuesCommonToAll() {
        Predicate[] merged = RuntimeFilters.merged(new Predicate[] {in("k", 1, 2, 3), in("j", 7), in("k", 3, 2, 9)});
        assertThat(shown(merged)).isEqualTo(shown(new Predicate[] {in("k", 2, 3), in("j", 7)}));
    }

    @Test
    void listsWithNothingInCommonMatchNothing() {
        Predicate[] merged = RuntimeFilters.merged(new Predicate[] {in("k", 1, 2), in("k", 3)});
        assertThat(merged).hasSize(1);
        assertThat(RuntimeFilters.matchNothing(merged)).isTrue();
    }

    @Test
    void otherPredicatesAndASingleListAreLeftAsTheyAre() {
        Predicate range = new Predicate(">=", new Expression[] {FieldReference.column("k"), new LiteralValue<>(5, DataTypes.IntegerType)});
        Predicate[] offered = {range, in("k", 5, 6)};
        assertThat(RuntimeFilters.merged(offered)).containsExactly(offered);
        assertThat(RuntimeFilters.matchNothing(RuntimeFilters.merged(offered))).isFalse();
    }
}
