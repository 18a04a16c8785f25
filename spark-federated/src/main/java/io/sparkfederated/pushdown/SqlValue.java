package io.sparkfederated.pushdown;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.query.ColumnCapability;

/**
 * A value compiled into remote SQL: its text, its Spark type, and what the remote database evaluates
 * on it as Spark would.
 */
public record SqlValue(String sql, DataType type, Set<ColumnCapability> capabilities) {

    public SqlValue {
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(capabilities);
    }

    /**
     * Whether the remote database evaluates this on the value as Spark does. Strings under one of
     * Spark 4's collations (UTF8_LCASE, UNICODE_CI, …) compare otherwise: only the default one pushes.
     */
    public boolean can(ColumnCapability capability) {
        if (type instanceof StringType st && !StringCollations.comparesBytes(st) && capability != ColumnCapability.FILTER) {
            return false;
        }
        return capabilities.contains(capability);
    }

    /** What all the values support: the capabilities of a value combined from them. */
    public static Set<ColumnCapability> common(Collection<SqlValue> values) {
        Set<ColumnCapability> common = EnumSet.allOf(ColumnCapability.class);
        values.forEach(v -> common.retainAll(v.capabilities()));
        return common;
    }
}
