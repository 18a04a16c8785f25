package io.sparkfederated.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The driver's bounded log of remote statements, without Spark. */
class StatementRingTest {

    static RemoteStatement statement(String sql) {
        return new RemoteStatement(7L, 3, 4, "apg", "postgres", "db.example.com", 5432, "dev", sql,
                RemoteStatement.Method.COPY, "00000003-0000001B-1", 10L, 200L, 1_700_000_000_123L, 4_500,
                RemoteStatement.Status.OK, null);
    }

    @Test
    void beyondItsBoundTheOldestStatementsAreDropped() {
        StatementRing ring = new StatementRing();
        for (int i = 1; i <= 5; i++) {
            ring.add(statement("SELECT " + i), 3);
        }
        assertThat(ring.entries()).extracting(RemoteStatement::sql).containsExactly("SELECT 3", "SELECT 4", "SELECT 5");
        assertThat(ring.dropped()).isEqualTo(2);
    }

    @Test
    void aSmallerBoundTakesEffectAtTheNextStatementAndZeroKeepsNone() {
        StatementRing ring = new StatementRing();
        for (int i = 1; i <= 4; i++) {
            ring.add(statement("SELECT " + i), 10);
        }
        ring.add(statement("SELECT 5"), 2);
        assertThat(ring.entries()).extracting(RemoteStatement::sql).containsExactly("SELECT 4", "SELECT 5");
        ring.add(statement("SELECT 6"), 0);
        assertThat(ring.entries()).isEmpty();
        assertThat(ring.dropped()).isEqualTo(6);
    }
}
