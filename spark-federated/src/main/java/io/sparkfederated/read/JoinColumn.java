package io.sparkfederated.read;

/**
 * A column one side of a pushed join outputs, under its alias when Spark gives one (so the names of
 * both sides are unique).
 */
record JoinColumn(String name, String alias) {
}
