package io.sparkfederated.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Value-range splits as Spark's JDBC source cuts them: no Spark, no server. */
class ColumnPartitioningTest {

    private static String ranges(ColumnPartitioning p) {
        return Arrays.deepToString(p.ranges());
    }

    @Test
    void equalStridesWithOpenEnds() {
        assertThat(ranges(new ColumnPartitioning("id", 0, 100, 4)))
                .isEqualTo("[[null, 25], [25, 50], [50, 75], [75, null]]");
    }

    @Test
    void neverMoreRangesThanValues() {
        assertThat(ranges(new ColumnPartitioning("id", 10, 13, 10))).isEqualTo("[[null, 11], [11, 12], [12, null]]");
        assertThat(ranges(new ColumnPartitioning("id", 0, 100, 1))).isEqualTo("[[null, null]]");
    }

    @Test
    void aRemainderGoesToTheLastRange() {
        assertThat(ranges(new ColumnPartitioning("d", -7, 3, 3))).isEqualTo("[[null, -4], [-4, -1], [-1, null]]");
    }
}
