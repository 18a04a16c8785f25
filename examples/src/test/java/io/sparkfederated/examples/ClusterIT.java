package io.sparkfederated.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundle jar on a cluster whose executors are separate JVMs ({@code local-cluster}): a table is
 * read in parallel splits by both executors while a writer moves money between its first and last
 * rows, and the total is exactly the constant one — every split read the same snapshot. Also when an
 * executor's JVM is lost mid-scan: its split runs again on another, from the same snapshot.
 */
class ClusterIT {

    private static final int ROWS = 200_000;
    private static final long BALANCE = 100;

    @BeforeAll
    static void setUp() {
        SparkSubmit.startSandbox();
        SparkSubmit.postgres().execute("sales",
                "DROP TABLE IF EXISTS ledger",
                "CREATE TABLE ledger (id int PRIMARY KEY, balance bigint NOT NULL, note text)",
                "INSERT INTO ledger SELECT g, " + BALANCE + ", repeat('x', 40) FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE ledger");
    }

    @Test
    void executorsReadSplitsInParallelFromOneSnapshot() throws Exception {
        Summary run = readWhileMoneyMoves();
        assertThat(run.executors()).as("executors that read splits").containsExactlyInAnyOrder("0", "1");
    }

    @Test
    void anExecutorLostMidScanIsReplacedAndTheAnswerIsExact() throws Exception {
        Summary run = readWhileMoneyMoves("lose-an-executor");
        Matcher lost = Pattern.compile("task attempts lost with their executor=(\\d+)").matcher(run.output());
        assertThat(lost.find()).as("the job's count of lost attempts in:\n%s", run.output()).isTrue();
        assertThat(Integer.parseInt(lost.group(1))).as("task attempts lost with the executor reading the first split")
                .isPositive();
        awaitNoFederatedSessions(); // the lost JVM's connections closed with it
    }

    /** What a run of ParallelReadJob printed, checked: several splits, every row once, one snapshot's total. */
    private record Summary(List<String> executors, String output) {
    }

    /** Runs ParallelReadJob on the cluster (with its extra arguments) while a writer moves money between rows. */
    private static Summary readWhileMoneyMoves(String... jobArgs) throws Exception {
        Map<String, String> schema = new LinkedHashMap<>(SparkSubmit.postgres().externalSchemaOptions("sales"));
        schema.put("schema", "public");
        schema.put("split_size_mb", "1");         // several splits for a table of a few MB
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.sql.catalog.fed", "io.sparkfederated.FederatedCatalog");
        schema.forEach((k, v) -> settings.put("spark.sql.catalog.fed.schemas.bank." + k, v));
        List<String> conf = new ArrayList<>(SparkSubmit.sandboxConf());
        conf.addAll(SparkSubmit.conf(settings));
        List<String> args = new ArrayList<>(List.of("fed.bank.ledger"));
        args.addAll(List.of(jobArgs));

        String out;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong transfers = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> moveMoney(stop, transfers));
        try {
            out = SparkSubmit.runOnCluster(conf, "io.sparkfederated.examples.ParallelReadJob", args.toArray(String[]::new));
        } finally {
            stop.set(true);
            writer.get(30, TimeUnit.SECONDS);
        }
        Matcher summary = Pattern.compile("ParallelReadJob: splits=(\\d+) executors=\\[(.*)] rows=(\\d+) total=(\\d+)").matcher(out);
        assertThat(summary.find()).as("the job's summary in:\n%s", out).isTrue();
        System.out.println(summary.group() + " transfers=" + transfers.get()); // in failsafe-reports/…-output.txt
        assertThat(Integer.parseInt(summary.group(1))).as("splits").isGreaterThanOrEqualTo(2);
        assertThat(Long.parseLong(summary.group(3))).as("rows").isEqualTo(ROWS);
        assertThat(Long.parseLong(summary.group(4))).as("total while %d transfers ran", transfers.get()).isEqualTo(ROWS * BALANCE);
        assertThat(transfers.get()).as("transfers committed during the read").isPositive();
        return new Summary(List.of(summary.group(2).split(", ")), out);
    }

    private static void awaitNoFederatedSessions() throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        long sessions;
        do {
            try (Connection c = SparkSubmit.postgres().connect("postgres"); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'spark-federated'")) {
                rs.next();
                sessions = rs.getLong(1);
            }
            if (sessions > 0) {
                Thread.sleep(100);
            }
        } while (sessions > 0 && System.currentTimeMillis() < deadline);
        assertThat(sessions).as("sessions of spark-federated left on the server").isZero();
    }

    /** Moves money from an early row to a late one, one transaction after another: the total never changes. */
    private static void moveMoney(AtomicBoolean stop, AtomicLong transfers) {
        Random random = new Random(7);
        try (Connection c = SparkSubmit.postgres().connect("sales"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            while (!stop.get()) {
                int from = 1 + random.nextInt(ROWS / 10);
                int to = ROWS - random.nextInt(ROWS / 10);
                s.executeUpdate("UPDATE ledger SET balance = balance - 7 WHERE id = " + from);
                s.executeUpdate("UPDATE ledger SET balance = balance + 7 WHERE id = " + to);
                c.commit();
                transfers.incrementAndGet();
                Thread.sleep(2);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
