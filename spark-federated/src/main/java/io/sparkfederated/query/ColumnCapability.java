package io.sparkfederated.query;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a remote database evaluates on a value exactly as Spark would. The engine's type mapping
 * decides it per column (collation, blank-padded {@code char(n)}, NaN and -0.0, …); pushdown rules
 * ask the value instead of re-deriving it.
 */
public enum ColumnCapability {
    /** May appear in a pushed filter at all, e.g. {@code IS NULL}. */
    FILTER,
    /** {@code =}, {@code <>}, {@code <=>}, {@code IN} and {@code count(DISTINCT)} agree with Spark. */
    EQUALITY,
    /** {@code <}, {@code <=}, {@code >}, {@code >=}, sorting, {@code min}/{@code max} agree with Spark. */
    ORDER,
    /** Grouping by the value forms Spark's groups and outputs Spark's key (not floats: -0.0 and 0.0). */
    GROUPING,
    /** LIKE, length and concatenation of text count code points as Spark does. */
    TEXT,
    /**
     * Equality that keeps every row Spark's keeps but maybe more (trailing blanks or case ignored):
     * good for narrowing the rows read, with Spark checking them again.
     */
    NARROWING_EQUALITY;

    /** Everything a value compared, sorted and grouped as in Spark supports. */
    public static Set<ColumnCapability> exact() {
        return EnumSet.of(FILTER, EQUALITY, ORDER, GROUPING);
    }

    public static Set<ColumnCapability> none() {
        return EnumSet.noneOf(ColumnCapability.class);
    }
}
