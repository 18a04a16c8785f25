package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import io.sparkfederated.sandbox.LocalAws;
import io.sparkfederated.sandbox.PostgresServer;

/**
 * What every integration test shares, created once per test JVM: one sandbox PostgreSQL with the
 * fixture databases, and one Spark session whose catalog {@code fed} maps external schemas onto them.
 */
public final class TestEnv {

    /** Database with the main fixtures (external schema {@code apg}). */
    public static final String MAIN_DB = "fed_main";
    /** A second database (external schema {@code crm}) for cross-database queries. */
    public static final String CRM_DB = "fed_crm";

    private static PostgresServer server;
    private static SparkSession spark;
    private static LocalAws aws;
    private static java.nio.file.Path eventLogDir;
    private static io.sparkfederated.sandbox.SandboxTls tls;

    /**
     * A sandbox certificate authority this JVM trusts (with the JDK's own CAs) for sandbox HTTPS
     * endpoints: set as the default trust store before the first TLS connection (by {@link #spark()}),
     * since JSSE and Hadoop's S3A read the default only once.
     */
    public static synchronized io.sparkfederated.sandbox.SandboxTls tls() {
        if (tls == null) {
            try {
                java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sandbox-jvm-tls-");
                tls = io.sparkfederated.sandbox.SandboxTls.create(dir);
                System.setProperty("javax.net.ssl.trustStore", tls.trustStore(dir.resolve("trust.p12")).toString());
                System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
                System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return tls;
    }

    /**
     * Local Secrets Manager and STS endpoints, and the base AWS credentials the default credentials
     * chain finds (as system properties, like an instance profile would provide them on EMR).
     */
    public static synchronized LocalAws aws() {
        if (aws == null) {
            System.setProperty("aws.accessKeyId", LocalAws.BASE_ACCESS_KEY_ID);
            System.setProperty("aws.secretAccessKey", LocalAws.BASE_SECRET_ACCESS_KEY);
            aws = LocalAws.start();
        }
        return aws;
    }

    /** Where the shared session writes its Spark event log (what the History Server would read). */
    public static synchronized java.nio.file.Path eventLogDir() {
        if (eventLogDir == null) {
            try {
                eventLogDir = java.nio.file.Files.createTempDirectory("spark-federated-events-");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return eventLogDir;
    }

    private TestEnv() {
    }

    public static synchronized PostgresServer postgres() {
        if (server == null) {
            server = PostgresServer.shared();
            server.recreateDatabase(MAIN_DB);
            server.recreateDatabase(CRM_DB);
            Fixtures.load(server);
        }
        return server;
    }

    public static synchronized SparkSession spark() {
        if (spark == null) {
            tls();
            PostgresServer pg = postgres();
            SparkSession.Builder builder = SparkSession.builder()
                    .master("local[2,3]") // 2 cores, up to 3 attempts per task (fault tests rely on retries)
                    .appName("spark-federated-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.datetime.java8API.enabled", "true")
                    .config("spark.sql.optimizer.datasourceV2JoinPushdown", "true")
                    .config("spark.eventLog.enabled", "true")
                    .config("spark.eventLog.dir", eventLogDir().toUri().toString())
                    .config("spark.eventLog.compress", "false")
                    .config("spark.sql.extensions", FederatedSqlExtensions.class.getName())
                    .config("spark.sql.catalog.fed", FederatedCatalog.class.getName());
            for (String[] schema : List.of(
                    new String[] {"apg", MAIN_DB, "public"},
                    new String[] {"crm", CRM_DB, "public"},
                    new String[] {"tricky", MAIN_DB, "Mixed Case.Schema"})) {
                for (var e : schemaOptions(pg, schema[1], schema[2]).entrySet()) {
                    builder.config("spark.sql.catalog.fed.schemas." + schema[0] + "." + e.getKey(), e.getValue());
                }
            }
            spark = builder.getOrCreate();
        }
        return spark;
    }

    /**
     * Defines (at run time) a catalog {@code name} with one external schema {@code s} on a sandbox
     * database, plus extra options for it, and returns the catalog's name.
     */
    public static String defineCatalog(String name, PostgresServer server, String database, Map<String, String> extra) {
        Map<String, String> options = new java.util.LinkedHashMap<>(schemaOptions(server, database, "public"));
        options.putAll(extra);
        SparkSession session = spark();
        session.conf().set("spark.sql.catalog." + name, FederatedCatalog.class.getName());
        options.forEach((k, v) -> session.conf().set("spark.sql.catalog." + name + ".schemas.s." + k, v));
        return name;
    }

    /** Options of an external schema on the sandbox server. */
    public static java.util.Map<String, String> schemaOptions(PostgresServer pg, String database, String remoteSchema) {
        java.util.Map<String, String> options = pg.externalSchemaOptions(database);
        options.put("schema", remoteSchema);
        return options;
    }

    /** Waits (up to 15 s) for every query's scope to close: Spark reports a query's end asynchronously. */
    public static int awaitNoOpenQueryScopes() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (io.sparkfederated.exec.QueryScope.openCount() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return io.sparkfederated.exec.QueryScope.openCount();
    }

    public static void awaitNoFederatedSessions() throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        long sessions = -1;
        while (System.currentTimeMillis() < deadline) {
            sessions = federatedSessions();
            if (sessions == 0) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(sessions).as("sessions of application 'spark-federated' left on the server: %s", federatedSessionQueries())
                .isZero();
    }

    /** What our sessions on the server are doing (state and query), for a failure message. */
    public static List<String> federatedSessionQueries() throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = postgres().connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, left(query, 200) FROM pg_stat_activity WHERE application_name = '"
                     + io.sparkfederated.connector.jdbc.JdbcSessions.APPLICATION_NAME + "'")) {
            while (rs.next()) {
                found.add(rs.getString(1) + ": " + rs.getString(2));
            }
        }
        return found;
    }

    /** The stacks of this JVM's threads whose names start with one of {@code prefixes}, for a failure message. */
    public static String threadStacks(String... prefixes) {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (java.util.Arrays.stream(prefixes).anyMatch(thread.getName()::startsWith)) {
                out.append("\n\"").append(thread.getName()).append("\" ").append(thread.getState());
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                    out.append("\n    at ").append(stack[i]);
                }
            }
        });
        return out.toString();
    }

    public static long federatedSessions() throws Exception {
        return federatedSessions(postgres());
    }

    /** Sessions of ours (application_name) on a server, whatever their state. */
    public static long federatedSessions(PostgresServer server) throws Exception {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                     + io.sparkfederated.connector.jdbc.JdbcSessions.APPLICATION_NAME + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits (up to 60 s) for at least {@code count} running statements of ours on a server whose text is LIKE the pattern. */
    public static void awaitActiveStatements(PostgresServer server, String like, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'spark-federated'"
                        + " AND state = 'active' AND query LIKE '" + like + "'")) {
                    rs.next();
                    if (rs.getLong(1) >= count) {
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }
        throw new AssertionError(count + " statements LIKE '" + like + "' did not run at once on " + server);
    }

    /** Waits for a COPY of ours whose SQL contains the text to be running, and returns its backend pid. */
    public static int awaitActiveCopy(String sqlFragment) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        try (Connection c = postgres().connect("postgres"); Statement s = c.createStatement()) {
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = 'spark-federated'"
                        + " AND state = 'active' AND query LIKE 'COPY (%" + sqlFragment + "%'")) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
                Thread.sleep(2);
            }
        }
        throw new AssertionError("no active COPY containing '" + sqlFragment + "' appeared");
    }

    /** Options of a read with the port of a proxy in front of the server, and extra options. */
    public static Map<String, String> viaProxy(Map<String, String> options, io.sparkfederated.sandbox.TcpProxy proxy,
                                               Map<String, String> extra) {
        Map<String, String> via = new java.util.LinkedHashMap<>(options);
        via.put("port", Integer.toString(proxy.port()));
        via.putAll(extra);
        return via;
    }

    /** Reads a remote 'query' with format("federated") in the background, and the one row of Spark expressions over it. */
    public static java.util.concurrent.CompletableFuture<org.apache.spark.sql.Row> readAsync(Map<String, String> options,
                                                                                             String query, String... exprs) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> spark().read().format("federated").options(options)
                .option("query", query).load().selectExpr(exprs).first());
    }

    /** Runs a query and returns how many splits its (first) federated scan read. */
    public static long splitsUsed(String sql) {
        var df = spark().sql(sql);
        df.collect();
        return findScan(df.queryExecution().executedPlan()).metrics().get("federatedSplits").get().value();
    }

    /** Rows the federated scan of a relation (named on its plan line) received from the database, after the query ran. */
    public static long federatedRows(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> df, String relation) {
        org.apache.spark.sql.execution.SparkPlan scan = allScans(df.queryExecution().executedPlan()).stream()
                .filter(p -> p.toString().contains(relation)).findFirst().orElseThrow();
        return scan.metrics().get("federatedRows").get().value();
    }

    /** Every federated scan (BatchScan) in a physical plan, looking inside adaptive plans and stages. */
    public static List<org.apache.spark.sql.execution.SparkPlan> allScans(org.apache.spark.sql.execution.SparkPlan plan) {
        List<org.apache.spark.sql.execution.SparkPlan> scans = new ArrayList<>();
        if (plan.nodeName().startsWith("BatchScan")) {
            scans.add(plan);
        } else if (plan instanceof org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec adaptive) {
            scans.addAll(allScans(adaptive.executedPlan()));
        } else if (plan instanceof org.apache.spark.sql.execution.adaptive.QueryStageExec stage) {
            scans.addAll(allScans(stage.plan()));
        }
        for (var child : io.sparkfederated.spark.ScalaCollections.asJava(plan.children())) {
            scans.addAll(allScans(child));
        }
        return scans;
    }

    /** The first federated scan (BatchScan) in a physical plan, looking inside adaptive plans. */
    public static org.apache.spark.sql.execution.SparkPlan findScan(org.apache.spark.sql.execution.SparkPlan plan) {
        if (plan.nodeName().startsWith("BatchScan")) {
            return plan;
        }
        if (plan instanceof org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec adaptive) {
            return findScan(adaptive.executedPlan());
        }
        if (plan instanceof org.apache.spark.sql.execution.adaptive.QueryStageExec stage) {
            return findScan(stage.plan());
        }
        for (var child : io.sparkfederated.spark.ScalaCollections.asJava(plan.children())) {
            var found = findScan(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Every message of what the action throws; fails the test if it throws nothing. */
    public static String failureMessages(org.assertj.core.api.ThrowableAssert.ThrowingCallable action) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(action);
        assertThat(thrown).as("expected a failure").isNotNull();
        return messages(thrown);
    }

    /** The remote SQL of a plan's (first) federated scan, as EXPLAIN shows it after "RemoteSQL: ". */
    /** Rows (or any value) as text, with Scala 2.13's name for a Seq: Scala 2.12 prints ArraySeq(…) as WrappedArray(…). */
    public static String show(Object value) {
        return String.valueOf(value).replace("WrappedArray(", "ArraySeq(");
    }

    public static String remoteSql(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> df) {
        String plan = df.queryExecution().executedPlan().toString();
        int at = plan.indexOf("RemoteSQL: ");
        assertThat(at).as("a federated scan in %s", plan).isNotNegative();
        int end = plan.indexOf('\n', at);
        return plan.substring(at + "RemoteSQL: ".length(), end < 0 ? plan.length() : end).replace(" RuntimeFilters: []", "")
                .replaceFirst(" JoinPushdown: none on Spark \\S+ \\(joins run in Spark\\)", "")
                .replaceFirst(" Aggregate: (not )?pushed \\(.*?\\)(?= RuntimeFilters|$)", "");
    }

    /** Every message in a cause chain, joined: Spark wraps our errors in its own. */
    public static String messages(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null && parts.size() < 20; c = c.getCause()) {
            parts.add(c.getClass().getSimpleName() + ": " + c.getMessage());
        }
        return String.join(" | ", parts);
    }
}
