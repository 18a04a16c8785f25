package io.sparkfederated.read;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import io.sparkfederated.query.RemoteEstimate;

/**
 * Whether a join of two scans, or an aggregate over a scan, runs remotely, and why (shown in
 * EXPLAIN). Under {@code auto} the remote planner's estimates decide: the pushed work must not cost
 * the remote database more than what it replaces, plus what the rows it saves would cost to send
 * and process in Spark (see {@link #ROW_COST}), measured in the planner's own cost units.
 *
 * @param push   whether to push
 * @param reason what decided, for the scan's description
 */
record PushdownChoice(boolean push, String reason) {

    /**
     * What one row crossing the network and handled in Spark costs, in remote planner units
     * (PostgreSQL's {@code cpu_tuple_cost} is 0.01 per row processed, a sequential page 1.0).
     */
    static final double ROW_COST = 0.05;
    /** … and per byte of that row. */
    static final double BYTE_COST = 0.0005;
    /** What one more remote statement costs (a connection, a round trip, a snapshot import): a few milliseconds. */
    static final double STATEMENT_COST = 1000;

    /**
     * The choice for a join under {@code pushdown_joins=mode}; the estimates are asked for under
     * {@code auto} only, the sides' only when the joined query's has a cost (as for aggregates).
     */
    static PushdownChoice join(String mode, Supplier<Optional<RemoteEstimate>> left, Supplier<Optional<RemoteEstimate>> right,
                               Supplier<Optional<RemoteEstimate>> joined) {
        if (!mode.equals("auto")) {
            return forced("pushdown_joins", mode);
        }
        Optional<RemoteEstimate> j = joined.get();
        return costed(j) ? joinByCost(left.get(), right.get(), j) : joinByCost(Optional.empty(), Optional.empty(), j);
    }

    /**
     * The choice for an aggregate under {@code pushdown_aggregates=mode}: the aggregated query against
     * the scan of the columns the aggregate reads (what Spark would read to aggregate itself). The
     * scan's estimate is asked for only when the aggregated query's has a cost (MySQL and Redshift
     * give none: no round trip is spent on a choice that cannot be made).
     */
    static PushdownChoice aggregate(String mode, Supplier<Optional<RemoteEstimate>> scan,
                                    Supplier<Optional<RemoteEstimate>> aggregated) {
        if (!mode.equals("auto")) {
            return forced("pushdown_aggregates", mode);
        }
        Optional<RemoteEstimate> a = aggregated.get();
        return aggregateByCost(costed(a) ? scan.get() : Optional.empty(), a);
    }

    private static PushdownChoice forced(String option, String mode) {
        return new PushdownChoice(mode.equals("always"), option + "=" + mode);
    }

    static PushdownChoice joinByCost(Optional<RemoteEstimate> left, Optional<RemoteEstimate> right,
                                     Optional<RemoteEstimate> joined) {
        if (!costed(left) || !costed(right) || !costed(joined)) {
            return new PushdownChoice(true, "auto: no remote cost estimate, pushed");
        }
        RemoteEstimate l = left.get();
        RemoteEstimate r = right.get();
        RemoteEstimate j = joined.get();
        double pushed = STATEMENT_COST + j.cost() + transfer(j);
        double apart = 2 * STATEMENT_COST + l.cost() + r.cost() + transfer(l) + transfer(r);
        return new PushdownChoice(pushed <= apart, String.format(Locale.ROOT,
                "auto: remote join cost %.0f + %d rows sent (%.0f) %s scans %.0f + %.0f + %d rows sent (%.0f)",
                j.cost(), j.rows(), pushed, pushed <= apart ? "<=" : ">", l.cost(), r.cost(), l.rows() + r.rows(), apart));
    }

    static PushdownChoice aggregateByCost(Optional<RemoteEstimate> scan, Optional<RemoteEstimate> aggregated) {
        if (!costed(scan) || !costed(aggregated)) {
            return new PushdownChoice(true, "auto: no remote cost estimate, pushed");
        }
        RemoteEstimate s = scan.get();
        RemoteEstimate a = aggregated.get();
        double pushed = a.cost() + transfer(a);
        double apart = s.cost() + transfer(s);
        if (apart <= STATEMENT_COST) { // either way costs less than a statement: send the fewer rows
            return new PushdownChoice(true, String.format(Locale.ROOT,
                    "auto: scan %.0f + %d rows sent (%.0f) is small, pushed", s.cost(), s.rows(), apart));
        }
        return new PushdownChoice(pushed <= apart, String.format(Locale.ROOT,
                "auto: remote aggregate cost %.0f + %d rows sent (%.0f) %s scan %.0f + %d rows sent (%.0f)",
                a.cost(), a.rows(), pushed, pushed <= apart ? "<=" : ">", s.cost(), s.rows(), apart));
    }

    private static boolean costed(Optional<RemoteEstimate> estimate) {
        return estimate.isPresent() && estimate.get().hasCost();
    }

    /** What sending the estimated rows to Spark costs, in remote planner units. */
    static double transfer(RemoteEstimate e) {
        return e.rows() * (ROW_COST + BYTE_COST * e.rowBytes());
    }
}
