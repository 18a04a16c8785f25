package io.sparkfederated.pushdown;

import java.io.Serializable;

import io.sparkfederated.connector.RemoteColumn;

/**
 * One output column of a pushed-down aggregation: the SQL that computes it remotely, and the column
 * it becomes (its alias, Spark type and how it is read).
 */
public record CompiledOutput(String sql, RemoteColumn column) implements Serializable {
}
