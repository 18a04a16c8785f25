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
 * @param decimalPrecisionLoss {@code spark.sql.decimalOperations.allowPrecisionLoss}: how Spark fits a
 *                    decimal result wider than 38 digits (fewer fraction digits, or 38 digits cut off)
 */
public record PushdownContext(boolean ansi, ZoneId sessionZone, boolean decimalPrecisionLoss) {

    /** Spark's defaults beside the given mode and zone (decimal results lose fraction digits first). */
    public PushdownContext(boolean ansi, ZoneId sessionZone) {
        this(ansi, sessionZone, true);
    }

    /** The session time zone's one offset, when it has one (UTC, +05:30; not zones with daylight saving). */
    public Optional<ZoneOffset> fixedOffset() {
        return sessionZone.getRules().isFixedOffset()
                ? Optional.of(sessionZone.getRules().getOffset(java.time.Instant.EPOCH)) : Optional.empty();
    }
}
