package io.sparkfederated.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.sparkfederated.sandbox.LocalAws;
import io.sparkfederated.sandbox.MariaDbServer;
import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.sandbox.RedshiftEndpoint;
import io.sparkfederated.sandbox.TpchLoader;
import io.trino.tpch.TpchTable;

/**
 * Runs {@code org.apache.spark.deploy.SparkSubmit} — what the {@code spark-submit} script runs — in
 * a new JVM whose classpath holds Spark and its dependencies only (none of this project's classes,
 * no PostgreSQL or MySQL driver, no AWS SDK), with the bundle jar given by {@code --jars}: so a job
 * works exactly when the bundle carries everything the connector needs. Shares one sandbox
 * (PostgreSQL with TPC-H {@code sales}, MariaDB with TPC-H {@code customer} in {@code crm}, local
 * Secrets Manager/STS, a registry directory) per test JVM.
 */
final class SparkSubmit {

    static final String ROLE = LocalAws.roleArn("emr-federated-reader");

    private static PostgresServer pg;
    private static LocalAws aws;
    private static String secretArn;
    private static Path registry;
    private static RedshiftEndpoint redshift;
    private static String redshiftSecretArn;
    private static MariaDbServer mysql;
    private static String mysqlSecretArn;

    private SparkSubmit() {
    }

    static synchronized void startSandbox() {
        if (pg != null) {
            return;
        }
        pg = PostgresServer.start();
        pg.recreateDatabase("sales");
        TpchLoader.load(pg, "sales", 0.01, TpchTable.ORDERS, TpchTable.LINE_ITEM, TpchTable.CUSTOMER);
        aws = LocalAws.start();
        secretArn = aws.createSecret("emr/sales-reader", "{\"username\":" + LocalAws.quote(pg.user())
                + ",\"password\":" + LocalAws.quote(pg.password()) + "}");
        aws.allowAssumeRole(LocalAws.BASE_USER_ARN, ROLE);
        aws.allowSecret(ROLE, secretArn);
        redshift = RedshiftEndpoint.start(pg);
        redshiftSecretArn = aws.createSecret("emr/redshift-reader", "{\"username\":" + LocalAws.quote(redshift.user())
                + ",\"password\":" + LocalAws.quote(redshift.password()) + "}");
        aws.allowSecret(ROLE, redshiftSecretArn);
        mysql = MariaDbServer.start();
        mysql.recreateDatabase("crm");
        TpchLoader.load(mysql, "crm", 0.01, TpchTable.CUSTOMER);
        String mysqlPassword = java.util.UUID.randomUUID().toString();
        mysql.createReader("crm_reader", mysqlPassword, "crm");
        mysqlSecretArn = aws.createSecret("emr/crm-reader", "{\"username\":\"crm_reader\",\"password\":"
                + LocalAws.quote(mysqlPassword) + "}");
        aws.allowSecret(ROLE, mysqlSecretArn);
        try {
            registry = Files.createTempDirectory("spark-federated-submit-registry-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static PostgresServer postgres() {
        return pg;
    }

    static String secretArn() {
        return secretArn;
    }

    static MariaDbServer mysql() {
        return mysql;
    }

    static String mysqlSecretArn() {
        return mysqlSecretArn;
    }

    static RedshiftEndpoint redshift() {
        return redshift;
    }

    static String redshiftSecretArn() {
        return redshiftSecretArn;
    }

    /** The bundle jar built by the spark-federated module (mvn verify builds it before these tests). */
    static Path bundleJar() {
        Path jar = Path.of(System.getProperty("bundle.jar", "missing"));
        assertThat(jar).as("the bundle jar (build it with mvn package first)").exists();
        return jar;
    }

    static Path examplesJar() {
        Path jar = Path.of(System.getProperty("examples.jar", "missing"));
        assertThat(jar).as("the examples jar").exists();
        return jar;
    }

    /** Spark and its dependencies from the test classpath: nothing of this project, pgjdbc or the AWS SDK. */
    static String sparkClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> excluded = List.of("/io/sparkfederated/", "/org/postgresql/", "/com/mysql/", "/ch/vorburger/", "/software/amazon/", "/org/reactivestreams/",
                "/io/zonky/", "/io/trino/", "/org/junit/", "/org/assertj/", "/org/opentest4j/", "/org/apiguardian/",
                "/org/checkerframework/", "/surefire", "/failsafe", "/target/");
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar") && excluded.stream().noneMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The settings a cluster would have in spark-defaults.conf, plus {@link #sandboxConf()}. */
    static List<String> clusterConf() {
        List<String> conf = new ArrayList<>(sandboxConf());
        conf.addAll(conf(Map.of(
                "spark.sql.extensions", "io.sparkfederated.FederatedSqlExtensions",
                "spark.sql.catalog.fed", "io.sparkfederated.FederatedCatalog",
                "spark.sql.catalog.fed.registry", registry.toUri().toString(),
                "spark.sql.optimizer.datasourceV2JoinPushdown", "true")));
        return conf;
    }

    /** What only the sandbox needs: the local AWS endpoints (as catalog defaults), a quiet local driver. */
    static List<String> sandboxConf() {
        return conf(Map.of(
                "spark.sql.catalog.fed.defaults.secretsmanager_endpoint", aws.endpoint(),
                "spark.sql.catalog.fed.defaults.sts_endpoint", aws.endpoint(),
                "spark.ui.enabled", "false",
                "spark.driver.bindAddress", "127.0.0.1",
                "spark.driver.host", "127.0.0.1",
                "spark.sql.shuffle.partitions", "4"));
    }

    /** {@code --conf key=value} arguments. */
    static List<String> conf(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        new java.util.TreeMap<>(settings).forEach((k, v) -> {
            args.add("--conf");
            args.add(k + "=" + v);
        });
        return args;
    }

    /** Environment of the job: the base AWS credentials (an instance profile on EMR) and the FED_* variables of the SQL examples. */
    static Map<String, String> environment() {
        return Map.of(
                "AWS_ACCESS_KEY_ID", LocalAws.BASE_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", LocalAws.BASE_SECRET_ACCESS_KEY,
                "AWS_REGION", "us-east-1",
                "FED_PG_HOST", pg.host(),
                "FED_PG_PORT", Integer.toString(pg.port()),
                "FED_IAM_ROLE", ROLE,
                "FED_SECRET_ARN", secretArn,
                "FED_MYSQL_HOST", mysql.host(),
                "FED_MYSQL_PORT", Integer.toString(mysql.port()),
                "FED_MYSQL_SECRET_ARN", mysqlSecretArn);
    }

    /**
     * {@code spark-submit --master local[2] --jars <bundle> <conf> --class <mainClass>
     * <examples jar> <args>}; returns stdout+stderr, failing the test on a non-zero exit or timeout.
     */
    static String run(List<String> conf, String mainClass, String... args) throws Exception {
        return runWith(List.of("--jars", bundleJar().toString()), conf, mainClass, args);
    }

    /** The bundle jar and the MySQL driver, which the bundle leaves out, as the README tells users to add it. */
    static List<String> bundleAndMySqlDriver() {
        return List.of("--jars", bundleJar().toString(), "--packages", MYSQL_PACKAGE);
    }

    /** MySQL Connector/J (GPLv2 with the Universal FOSS Exception): not in the bundle, added with --packages. */
    static final String MYSQL_PACKAGE = "com.mysql:mysql-connector-j:9.7.0";

    /** The thin connector jar, and the {@code --packages} line the README gives for it. */
    static List<String> thinJarAndPackages() {
        Path thin = Path.of(System.getProperty("thin.jar", "missing"));
        assertThat(thin).as("the thin connector jar").exists();
        return List.of("--jars", thin.toString(),
                "--packages", PACKAGES,
                "--exclude-packages", EXCLUDED_PACKAGES);
    }

    /** As in the README (the AWS SDK modules without the Netty and Apache HTTP clients, SLF4J from Spark). */
    static final String PACKAGES = "org.postgresql:postgresql:42.7.14,com.amazon.redshift:redshift-jdbc42:2.3.0,"
            + "software.amazon.awssdk:secretsmanager:2.57.8,"
            + "software.amazon.awssdk:sts:2.57.8,software.amazon.awssdk:rds:2.57.8,software.amazon.awssdk:url-connection-client:2.57.8";
    static final String EXCLUDED_PACKAGES = "software.amazon.awssdk:netty-nio-client,software.amazon.awssdk:apache-client,"
            + "software.amazon.awssdk:apache5-client,org.slf4j:slf4j-api";

    static String runWith(List<String> jars, List<String> conf, String mainClass, String... args) throws Exception {
        return submit("local[2]", null, jars, conf, mainClass, args);
    }

    /**
     * spark-submit on {@code local-cluster[2,1,1536]}: a standalone master and two workers whose
     * executors are separate JVMs, started from a Spark home whose {@code jars/} are Spark's.
     */
    static String runOnCluster(List<String> conf, String mainClass, String... args) throws Exception {
        return submit("local-cluster[2,1,1536]", sparkHome(), List.of("--jars", bundleJar().toString()), conf, mainClass, args);
    }

    /**
     * A Spark home without a Spark distribution: {@code jars/} links to the jars of the test's Spark,
     * and an empty {@code RELEASE} file (else the launcher looks for Spark's build directories).
     */
    private static synchronized Path sparkHome() throws IOException {
        Path home = Files.createTempDirectory("spark-home-");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String jar : sparkClasspath().split(File.pathSeparator)) {
            Path target = Path.of(jar);
            Files.createSymbolicLink(jars.resolve(target.getFileName()), target);
        }
        Files.createFile(home.resolve("RELEASE"));
        return home;
    }

    private static String submit(String master, Path sparkHome, List<String> jars, List<String> conf, String mainClass,
                                 String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("spark.jvm.flags", "").trim().split("\\s+")));
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(sparkClasspath());
        command.add("org.apache.spark.deploy.SparkSubmit");
        command.addAll(List.of("--master", master));
        command.addAll(jars);
        command.addAll(conf);
        command.addAll(List.of("--class", mainClass, examplesJar().toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment());
        builder.environment().remove("SPARK_HOME");
        if (sparkHome != null) {
            builder.environment().put("SPARK_HOME", sparkHome.toString());
            builder.environment().put("SPARK_SCALA_VERSION", System.getProperty("scala.binary.version", "2.13"));
        }
        Path log = Files.createTempFile("spark-submit-", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        boolean finished = process.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("spark-submit finished within 240 s; output:\n%s", output).isTrue();
        assertThat(process.exitValue()).as("spark-submit exit code; output:\n%s", output).isZero();
        return output;
    }
}
