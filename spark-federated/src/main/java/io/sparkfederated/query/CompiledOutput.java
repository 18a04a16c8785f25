package io.sparkfederated.query;

import java.io.Serializable;


/**
 * One output column of a pushed-down aggregation: the SQL that computes it remotely, and the column
 * it becomes (its alias, Spark type and how it is read).
 */
public record CompiledOutput(String sql, RemoteColumn column) implements Serializable {
}
