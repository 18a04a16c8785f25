package io.sparkfederated.read;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import io.sparkfederated.query.RemoteEstimate;

/**
 * Whether a join of two scans of one database runs remotely, and why (shown in EXPLAIN). Under
 * {@code pushdown_joins=auto} the remote planner's estimates decide: the pushed join must not cost
 * the remote database more than the two scans plus what the rows it saves would cost to send and
 * join in Spark (see {@link #ROW_COST}), measured in the planner's own cost units.
 *
 * @param push   whether to push the join
 * @param reason what decided, for the scan's description
 */
record JoinChoice(boolean push, String reason) {

    /**
     * What one row crossing the network and joined in Spark costs, in remote planner units
     * (PostgreSQL's {@code cpu_tuple_cost} is 0.01 per row processed, a sequential page 1.0).
     */
    static final double ROW_COST = 0.05;
    /** … and per byte of that row. */
    static final double BYTE_COST = 0.0005;
    /** What one more remote statement costs (a connection, a round trip, a snapshot import): a few milliseconds. */
    static final double STATEMENT_COST = 1000;

    /** The choice under {@code pushdown_joins=mode}; the estimates are asked for under {@code auto} only. */
    static JoinChoice decide(String mode, Supplier<Optional<RemoteEstimate>> left, Supplier<Optional<RemoteEstimate>> right,
                             Supplier<Optional<RemoteEstimate>> joined) {
        if (mode.equals("always") || mode.equals("never")) {
            return new JoinChoice(mode.equals("always"), "pushdown_joins=" + mode);
        }
        return byCost(left.get(), right.get(), joined.get());
    }

    static JoinChoice byCost(Optional<RemoteEstimate> left, Optional<RemoteEstimate> right, Optional<RemoteEstimate> joined) {
        if (left.isEmpty() || right.isEmpty() || joined.isEmpty()
                || !left.get().hasCost() || !right.get().hasCost() || !joined.get().hasCost()) {
            return new JoinChoice(true, "auto: no remote cost estimate, pushed");
        }
        RemoteEstimate l = left.get();
        RemoteEstimate r = right.get();
        RemoteEstimate j = joined.get();
        double pushed = STATEMENT_COST + j.cost() + transfer(j);
        double apart = 2 * STATEMENT_COST + l.cost() + r.cost() + transfer(l) + transfer(r);
        return new JoinChoice(pushed <= apart, String.format(Locale.ROOT,
                "auto: remote join cost %.0f + %d rows sent (%.0f) %s scans %.0f + %.0f + %d rows sent (%.0f)",
                j.cost(), j.rows(), pushed, pushed <= apart ? "<=" : ">", l.cost(), r.cost(), l.rows() + r.rows(), apart));
    }

    /** What sending the estimated rows to Spark costs, in remote planner units. */
    static double transfer(RemoteEstimate e) {
        return e.rows() * (ROW_COST + BYTE_COST * e.rowBytes());
    }
}
