package io.sparkfederated.connector;

import java.io.Serializable;
import java.util.List;

import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.query.RemoteQuery;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.JoinKind;
import io.sparkfederated.query.JoinSide;
import io.sparkfederated.query.RemoteTable;

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

    /**
     * The SELECT that joins two sides, outputting the left side's columns, then the right side's,
     * under their output names (unique across both sides).
     *
     * @param kind      inner, left or right outer
     * @param condition the ON condition, compiled over the output names
     */
    String renderJoin(JoinSide left, JoinSide right, JoinKind kind, String condition);

    /** The joined relation: its SQL ({@link #renderJoin}), and what splits it may be read in (none by default). */
    default RemoteRelation joinRelation(JoinSide left, JoinSide right, JoinKind kind, String condition, String label) {
        return RemoteRelation.join(renderJoin(left, right, kind, condition), label);
    }

    /** Compiles Spark expressions over this relation's columns into this dialect's SQL, for a session's settings. */
    ExpressionCompiler compiler(RemoteTable table, PushdownContext context);
}
