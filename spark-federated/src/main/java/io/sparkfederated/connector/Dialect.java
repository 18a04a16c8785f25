package io.sparkfederated.connector;

import java.io.Serializable;
import java.util.List;

import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.read.RemoteQuery;

/**
 * How one engine spells SQL: the only place identifiers are quoted and literals escaped, and the
 * renderer of {@link RemoteQuery}s. A dialect never opens a connection.
 */
public interface Dialect extends Serializable {

    String quoteIdentifier(String name);

    String quoteStringLiteral(String value);

    /** Splits a possibly qualified, possibly quoted name ({@code schema."My Table"}) into its parts. */
    List<String> parseQualifiedName(String name);

    /** The exact SQL the remote database runs for a query. */
    String render(RemoteQuery query);

    /** Compiles Spark expressions over this relation's columns into this dialect's SQL. */
    ExpressionCompiler compiler(RemoteTable table);
}
