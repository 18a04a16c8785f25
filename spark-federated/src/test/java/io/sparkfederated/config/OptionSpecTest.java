package io.sparkfederated.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class OptionSpecTest {

    @Test
    void valuesComeBackInNormalForm() {
        assertThat(CommonOptions.STATISTICS.check(" ON ")).isEqualTo("true");
        assertThat(CommonOptions.STATISTICS.check("no")).isEqualTo("false");
        assertThat(CommonOptions.BATCH_SIZE.check(" 0100 ")).isEqualTo("100");
        assertThat(CommonOptions.LOCK_TIMEOUT.check("0")).isEqualTo("0");
        assertThat(CommonOptions.AUTH.check("IAM")).isEqualTo("iam");
        assertThat(CommonOptions.URI.check(" host ")).isEqualTo("host");
    }

    @Test
    void eachKindSaysWhatItExpects() {
        assertThatThrownBy(() -> CommonOptions.BATCH_SIZE.check("0"))
                .hasMessage("option 'batch_size' must be a positive integer, got '0'");
        assertThatThrownBy(() -> CommonOptions.LOCK_TIMEOUT.check("-1"))
                .hasMessage("option 'lock_timeout' must be a number of seconds ≥ 0, got '-1'");
        assertThatThrownBy(() -> CommonOptions.STATISTICS.check("maybe"))
                .hasMessage("option 'statistics' must be true or false, got 'maybe'");
        assertThatThrownBy(() -> OptionSpec.choice("m", "a", List.of("a", "b", "c"), "").check("d"))
                .hasMessage("option 'm' must be 'a', 'b' or 'c', got 'd'");
        assertThatThrownBy(() -> CommonOptions.SPLIT_SIZE_MB.check("99999999999"))
                .hasMessage("option 'split_size_mb' must be a positive integer, got '99999999999'");
    }

    @Test
    void unsetValuesHaveTheirBuiltInDefault() {
        OptionValues none = new OptionValues(java.util.Map.of());
        assertThat(none.intValue(CommonOptions.BATCH_SIZE)).isEqualTo(4096);
        assertThat(none.bool(CommonOptions.CONSISTENT_SNAPSHOT)).isTrue();
        assertThat(none.isSet(CommonOptions.BATCH_SIZE)).isFalse();
        OptionValues some = none.with(java.util.Map.of("batch_size", "10"));
        assertThat(some.intValue(CommonOptions.BATCH_SIZE)).isEqualTo(10);
        assertThat(none.intValue(CommonOptions.BATCH_SIZE)).isEqualTo(4096);
    }

    @Test
    void tuningOptionsMayBeSetPerReadAndIdentifyingOnesMayNot() {
        assertThat(CommonOptions.ALL).filteredOn(OptionSpec::perRead).extracting(OptionSpec::name)
                .contains("split_size_mb", "batch_size", "consistent_snapshot").doesNotContain("uri", "password", "engine");
        assertThat(CommonOptions.IDENTIFYING).noneMatch(OptionSpec::perRead);
    }
}
