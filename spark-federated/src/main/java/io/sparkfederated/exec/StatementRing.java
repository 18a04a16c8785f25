package io.sparkfederated.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The newest statements, at most a given number: adding beyond it drops the oldest. */
final class StatementRing {

    private final ArrayDeque<RemoteStatement> statements = new ArrayDeque<>();
    private long dropped;

    /** Adds {@code statement}, then drops the oldest ones beyond {@code capacity} (0 keeps none). */
    synchronized void add(RemoteStatement statement, int capacity) {
        statements.addLast(statement);
        while (statements.size() > Math.max(0, capacity)) {
            statements.removeFirst();
            dropped++;
        }
    }

    /** The statements kept, oldest first. */
    synchronized List<RemoteStatement> entries() {
        return new ArrayList<>(statements);
    }

    /** How many were dropped to stay within the bound. */
    synchronized long dropped() {
        return dropped;
    }
}
