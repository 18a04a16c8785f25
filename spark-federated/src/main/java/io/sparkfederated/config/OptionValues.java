package io.sparkfederated.config;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checked values of an external schema's tuning options (the common per-read ones and its
 * engine's own), each in normal form; an option not set has its built-in default. Immutable.
 */
public final class OptionValues implements Serializable {

    private final Map<String, String> values;

    public OptionValues(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public boolean isSet(OptionSpec option) {
        return values.containsKey(option.name());
    }

    /** The value, or the built-in default (null when there is none). */
    public String get(OptionSpec option) {
        return values.getOrDefault(option.name(), option.defaultValue());
    }

    public int intValue(OptionSpec option) {
        return Integer.parseInt(get(option));
    }

    public boolean bool(OptionSpec option) {
        return Boolean.parseBoolean(get(option));
    }

    /** These values with {@code overrides} (already checked, normal form) on top. */
    public OptionValues with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides);
        return new OptionValues(merged);
    }

    /** The options set, by name (for re-checking, e.g. how an engine's options go together). */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionValues other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return new TreeMap<>(values).toString();
    }
}
