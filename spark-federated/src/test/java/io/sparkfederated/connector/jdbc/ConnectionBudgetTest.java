package io.sparkfederated.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.sparkfederated.FederatedException;

/** The per-server connection budget on its own: no Spark, no server. */
class ConnectionBudgetTest {

    private static final String WHERE = "external schema 'pg' (postgres db.example:5432/dev)";
    private static final long LONG = TimeUnit.SECONDS.toNanos(10);

    private static ConnectionBudget.Request plain(int limit, long timeoutNanos) {
        return new ConnectionBudget.Request(WHERE, limit, timeoutNanos, null, 0);
    }

    private static ConnectionBudget.Request member(int limit, long timeoutNanos, String group) {
        return new ConnectionBudget.Request(WHERE, limit, timeoutNanos, group, 0);
    }

    /** A PostgreSQL snapshot's holder: its splits import the snapshot one after another if need be. */
    private static ConnectionBudget.Request holder(int limit, String group) {
        return new ConnectionBudget.Request(WHERE, limit, LONG, group, 1);
    }

    private static void awaitWaiting(ConnectionBudget budget, int n) throws InterruptedException {
        long end = System.nanoTime() + LONG;
        while (budget.waiting() < n) {
            assertThat(System.nanoTime()).as("%s requests waiting", n).isLessThan(end);
            Thread.sleep(2);
        }
    }

    @Test
    void waitingRequestsAreAdmittedInTheOrderTheyCame() throws Exception {
        ConnectionBudget budget = new ConnectionBudget("db.example:5432");
        ConnectionBudget.Permit first = budget.acquire(plain(1, 0));
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    ConnectionBudget.Permit p = budget.acquire(plain(1, LONG));
                    order.add(n);
                    p.release();
                }));
                awaitWaiting(budget, i + 1); // the next one comes after this one is in line
            }
            first.release();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(budget.held()).isZero();
    }

    @Test
    void aRequestThatWaitsTooLongSaysWhichServerHowManyAreHeldAndWhatToRaise() {
        ConnectionBudget budget = new ConnectionBudget("db.example:5432");
        budget.acquire(plain(2, 0));
        budget.acquire(plain(2, 0));
        long start = System.nanoTime();
        assertThatThrownBy(() -> budget.acquire(plain(2, TimeUnit.MILLISECONDS.toNanos(200))))
                .isInstanceOf(FederatedException.class)
                .hasMessageStartingWith(WHERE + ": waited 0.2 s (connection_wait_timeout) for a connection to db.example:5432:")
                .hasMessageContaining("this JVM has 2 open there, max_server_connections is 2")
                .hasMessageContaining("Raise max_server_connections");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(budget.waiting()).isZero();
        assertThat(budget.held()).isEqualTo(2);
    }

    @Test
    void aPermitReleasedTwiceIsReturnedOnce() {
        ConnectionBudget budget = new ConnectionBudget("db.example:5432");
        ConnectionBudget.Permit a = budget.acquire(plain(2, 0));
        budget.acquire(plain(2, 0));
        a.release();
        a.release();
        assertThat(budget.held()).isEqualTo(1);
        budget.acquire(plain(2, 0));
        assertThatThrownBy(() -> budget.acquire(plain(2, 0))).hasMessageContaining("has 2 open there");
    }

    @Test
    void aHolderKeepsAPermitOnlyItsOwnQueryMayUse() {
        ConnectionBudget budget = new ConnectionBudget("db.example:5432");
        ConnectionBudget.Permit h1 = budget.acquire(holder(4, "q1"));
        budget.acquire(holder(4, "q2"));
        assertThat(budget.held()).isEqualTo(4);
        assertThat(budget.open()).isEqualTo(2);
        assertThatThrownBy(() -> budget.acquire(plain(4, 0))).hasMessageContaining("keeps 2 more for the splits of running queries");
        ConnectionBudget.Permit split = budget.acquire(member(4, 0, "q1"));
        assertThat(split.borrowed()).isTrue();
        assertThatThrownBy(() -> budget.acquire(member(4, 0, "q1"))).isInstanceOf(FederatedException.class);
        split.release();
        ConnectionBudget.Permit again = budget.acquire(member(4, 0, "q1"));
        assertThat(budget.held()).isEqualTo(4);

        // the holder ends while its kept permit is lent: the borrower returns it to the budget
        h1.release();
        assertThat(budget.held()).isEqualTo(3);
        again.release();
        assertThat(budget.held()).isEqualTo(2);
        assertThat(budget.acquire(plain(4, 0)).borrowed()).isFalse();
    }

    @Test
    void aHolderWhoseKeptPermitIsFreeReturnsBoth() {
        ConnectionBudget budget = new ConnectionBudget("db.example:5432");
        budget.acquire(holder(2, "q1")).release();
        assertThat(budget.held()).isZero();
        assertThat(budget.open()).isZero();
    }

    @Test
    void aTableLockKeepsAPermitForEachOfItsSplitsWhichMustBeOpenTogether() {
        ConnectionBudget budget = new ConnectionBudget("db.example:3306");
        ConnectionBudget.Permit lock = budget.acquire(new ConnectionBudget.Request(WHERE, 5, LONG, "q1", 3));
        assertThat(budget.held()).isEqualTo(4);
        List<ConnectionBudget.Permit> splits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            splits.add(budget.acquire(member(5, 0, "q1")));
        }
        assertThat(splits).allMatch(ConnectionBudget.Permit::borrowed);
        assertThat(budget.held()).isEqualTo(4);
        ConnectionBudget.Permit other = budget.acquire(plain(5, 0));
        assertThatThrownBy(() -> budget.acquire(member(5, 0, "q1"))).isInstanceOf(FederatedException.class);
        other.release();
        lock.release(); // all splits have opened their snapshots: the lock goes, the splits read on
        assertThat(budget.held()).isEqualTo(3);
        splits.forEach(ConnectionBudget.Permit::release);
        assertThat(budget.held()).isZero();
        assertThat(budget.open()).isZero();
    }

    /**
     * More queries than the budget has room for, each holding its snapshot connection until its three
     * splits (tasks in this JVM) have read: without the kept permits every permit would go to holders
     * and no split could start.
     */
    @Test
    void queriesWhoseHoldersTakeEveryPermitStillFinish() throws Exception {
        ConnectionBudget budget = new ConnectionBudget("db.example:5432");
        int queries = 12;
        ExecutorService drivers = Executors.newFixedThreadPool(queries);
        ExecutorService tasks = Executors.newFixedThreadPool(4);
        CountDownLatch allHoldersIn = new CountDownLatch(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int q = 0; q < queries; q++) {
                String group = "q" + q;
                done.add(drivers.submit(() -> {
                    ConnectionBudget.Permit snapshot = budget.acquire(holder(4, group));
                    allHoldersIn.countDown();
                    allHoldersIn.await(); // the first two holders take all four permits
                    List<Future<?>> splits = new ArrayList<>();
                    for (int s = 0; s < 3; s++) {
                        splits.add(tasks.submit(() -> {
                            ConnectionBudget.Permit p = budget.acquire(member(4, LONG, group));
                            Thread.sleep(5);
                            p.release();
                            return null;
                        }));
                    }
                    for (Future<?> f : splits) {
                        f.get();
                    }
                    snapshot.release();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            drivers.shutdownNow();
            tasks.shutdownNow();
        }
        assertThat(budget.held()).isZero();
        assertThat(budget.open()).isZero();
    }
}
