package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.exec.RemoteStatementEvent;
import io.sparkfederated.exec.RemoteStatementLog;
import io.sparkfederated.sandbox.PostgresServer;

/**
 * svl_federated_query: every remote statement a query ran, with Spark's SQL execution, job and stage,
 * as the driver ran it or a task did (returned with the task's result), also when it failed.
 */
class QueryLogTest {

    private static final int ITEMS = 60_000;
    private static final String COLUMNS = "query, job_id, stage_id, read_method, querytext, snapshot_id, num_rows, num_bytes,"
            + " status, error, schemaname, sourcetype, databasename, recordtime, duration";
    private static SparkSession spark;
    private static PostgresServer pg;
    /** SQL executions started, by their description (the job description set before the action). */
    private static final Map<String, Long> EXECUTIONS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final List<RemoteStatementEvent> EVENTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        pg = TestEnv.postgres();
        pg.execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS qlog_items",
                "CREATE TABLE qlog_items (id int PRIMARY KEY, note text)",
                "INSERT INTO qlog_items SELECT g, repeat('q', 30) FROM generate_series(1, " + ITEMS + ") g",
                "ANALYZE qlog_items");
        TestEnv.defineCatalog("qlog", pg, TestEnv.MAIN_DB, Map.of("split_size_mb", "1", "max_connections", "4"));
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onOtherEvent(SparkListenerEvent event) {
                if (event instanceof SparkListenerSQLExecutionStart start) {
                    EXECUTIONS.put(start.description(), start.executionId());
                } else if (event instanceof RemoteStatementEvent statement) {
                    EVENTS.add(statement);
                }
            }
        });
    }

    /** Runs {@code action} as a SQL execution described as {@code label}; returns its execution id. */
    private static long runAs(String label, Runnable action) throws Exception {
        spark.sparkContext().setJobDescription(label);
        try {
            action.run();
        } catch (Exception e) { // Spark throws its checked SparkException unchecked
            // a failing query's statements are logged too; the caller checks them
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
        spark.sparkContext().listenerBus().waitUntilEmpty();
        assertThat(EXECUTIONS).containsKey(label);
        return EXECUTIONS.get(label);
    }

    private static List<Row> logOf(long execution) {
        return spark.sql("SELECT " + COLUMNS + " FROM qlog.pg_catalog.svl_federated_query WHERE query = " + execution)
                .collectAsList();
    }

    @Test
    void eachSplitsCopyIsLoggedWithItsRowsInTheQuerysExecutionJobAndStage() throws Exception {
        long execution = runAs("qlog splits", () -> spark.sql("SELECT id, note FROM qlog.s.qlog_items").collect());
        List<Row> rows = logOf(execution);
        List<Row> copies = rows.stream().filter(r -> r.getString(3).equals("COPY")).toList();
        assertThat(copies).hasSizeBetween(2, 4);
        String snapshot = rows.stream().filter(r -> r.getString(4).contains("pg_export_snapshot()")).findFirst()
                .orElseThrow().getString(5);
        assertThat(snapshot).isNotBlank();
        for (Row copy : copies) {
            assertThat(copy.getString(4)).startsWith("COPY (SELECT ").contains("\"qlog_items\"").contains("ctid")
                    .endsWith(") TO STDOUT (FORMAT binary)");
            assertThat(copy.isNullAt(1) || copy.isNullAt(2)).as("job and stage of a task's statement").isFalse();
            assertThat(copy.getString(5)).isEqualTo(snapshot);
            assertThat(copy.getLong(7)).isPositive();
            assertThat(copy.getString(8)).isEqualTo("ok");
            assertThat(copy.getString(10) + copy.getString(11) + copy.getString(12)).isEqualTo("spostgres" + TestEnv.MAIN_DB);
            assertThat(copy.get(13)).isNotNull();
            assertThat(copy.getLong(14)).isPositive();
        }
        assertThat(copies.stream().mapToLong(r -> r.getLong(6)).sum()).isEqualTo(ITEMS);
        assertThat(copies.stream().map(r -> r.getString(4)).distinct()).hasSameSizeAs(copies);
        // each split imported the snapshot; the driver exported it, outside any task
        assertThat(rows).filteredOn(r -> r.getString(4).startsWith("SET TRANSACTION SNAPSHOT")).hasSameSizeAs(copies);
        assertThat(rows).filteredOn(r -> r.getString(4).contains("pg_export_snapshot()"))
                .allSatisfy(r -> assertThat(r.isNullAt(1) && r.isNullAt(2)).isTrue());
    }

    @Test
    void aFailedReadIsLoggedFailedWithTheError() throws Exception {
        var read = spark.read().format("federated").options(TestEnv.schemaOptions(pg, TestEnv.MAIN_DB, "public"))
                .option("query", "SELECT id / (id - id) AS qlog_boom FROM qlog_items");
        long execution = runAs("qlog failure", () -> read.load().collect());
        List<Row> copies = logOf(execution).stream().filter(r -> r.getString(3).equals("COPY")).toList();
        assertThat(copies).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getString(4)).contains("qlog_boom");
            assertThat(r.getString(8)).isEqualTo("failed");
            assertThat(r.getString(9)).contains("division by zero");
        });
    }

    @Test
    void theListenerBusCarriesEachStatementAndTheEventLogKeepsIt() throws Exception {
        long execution = runAs("qlog events", () -> spark.sql("SELECT count(*) FROM qlog.s.qlog_items WHERE id <= 10").collect());
        assertThat(EVENTS).filteredOn(e -> Long.valueOf(execution).equals(e.statement().executionId()))
                .isNotEmpty().anySatisfy(e -> assertThat(e.statement().sql()).contains("qlog_items"));
        Thread.sleep(500); // the event log is flushed after each event; give the writer a moment
        assertThat(eventLog()).contains("\"Event\":\"" + RemoteStatementEvent.class.getName() + "\"")
                .contains("\"executionId\":" + execution);
    }

    @Test
    void noPasswordIsEverLoggedOrPosted() throws Exception {
        runAs("qlog password", () -> spark.sql("SELECT * FROM qlog.s.qlog_items WHERE id < 5").collect());
        String logged = spark.sql("SELECT * FROM qlog.information_schema.svl_federated_query").collectAsList().toString();
        assertThat(logged).contains("qlog_items").doesNotContain(pg.password());
        assertThat(EVENTS.toString()).isNotEmpty().doesNotContain(pg.password());
        // (the event log holds this class's catalog options, set at run time, which Spark does not mask: see CredentialsTest)
        assertThat(eventLog().lines().filter(l -> l.contains(RemoteStatementEvent.class.getName())).toList())
                .isNotEmpty().noneSatisfy(l -> assertThat(l).contains(pg.password()));
    }

    @Test
    void theLogKeepsTheNewestStatementsUpToItsBound() throws Exception {
        spark.conf().set(RemoteStatementLog.SIZE_CONF, "3");
        try {
            long execution = runAs("qlog bound", () -> spark.sql("SELECT id FROM qlog.s.qlog_items WHERE id > 7").collect());
            List<Row> kept = spark.sql("SELECT query, querytext FROM qlog.pg_catalog.svl_federated_query").collectAsList();
            assertThat(kept).hasSize(3).allSatisfy(r -> assertThat(r.getLong(0)).isEqualTo(execution));
            // the first statements of the query (the snapshot's export, before any split ran) were dropped
            assertThat(kept).noneSatisfy(r -> assertThat(r.getString(1)).contains("pg_export_snapshot()"));
        } finally {
            spark.conf().unset(RemoteStatementLog.SIZE_CONF);
        }
    }

    private static String eventLog() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(TestEnv.eventLogDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }
}
