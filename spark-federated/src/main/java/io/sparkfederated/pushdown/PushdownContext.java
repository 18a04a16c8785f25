package io.sparkfederated.pushdown;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The session settings a pushed expression's answer depends on, read once where the compiler is
 * made (the scan builder), so rules never consult Spark's configuration themselves.
 *
 * @param ansi        Spark's ANSI mode: arithmetic and sums fail on overflow instead of wrapping or giving NULL
 * @param sessionZone Spark's session time zone, in which timestamps (instants) have dates and hours
 */
public record PushdownContext(boolean ansi, ZoneId sessionZone) {

    /** The session time zone's one offset, when it has one (UTC, +05:30; not zones with daylight saving). */
    public Optional<ZoneOffset> fixedOffset() {
        return sessionZone.getRules().isFixedOffset()
                ? Optional.of(sessionZone.getRules().getOffset(java.time.Instant.EPOCH)) : Optional.empty();
    }
}
