package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.LocalAws;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import io.sparkfederated.sandbox.PostgresServer;

/**
 * Logins from AWS Secrets Manager, read under IAM role chains through STS — the real AWS SDK v2
 * against the sandbox's local endpoints — with rotation, clear errors, and no password anywhere
 * Spark shows, logs or ships.
 */
class CredentialsTest {

    private static final String ROLE_SPARK = LocalAws.roleArn("spark-cluster");
    private static final String ROLE_DB = LocalAws.roleArn("federated-db-reader");
    private static final String PASSWORD = "Sm-S3cret!pw-" + Long.toHexString(System.nanoTime());

    private static SparkSession spark;
    private static PostgresServer pg;
    private static LocalAws aws;
    private static String secretArn;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        pg = TestEnv.postgres();
        aws = TestEnv.aws();
        pg.execute("postgres", "DROP ROLE IF EXISTS app_reader", "CREATE ROLE app_reader LOGIN PASSWORD '" + PASSWORD + "'");
        pg.execute(TestEnv.MAIN_DB, "GRANT SELECT ON orders TO app_reader");
        secretArn = aws.createSecret("prod/app-reader", rdsSecret("app_reader", PASSWORD));
        aws.allowAssumeRole(LocalAws.BASE_USER_ARN, ROLE_SPARK);
        aws.allowAssumeRole(ROLE_SPARK, ROLE_DB);
        aws.allowSecret(ROLE_DB, secretArn);
    }

    /** An RDS-managed secret: the login plus where the database is. */
    private static String rdsSecret(String user, String password) {
        return "{\"username\":" + LocalAws.quote(user) + ",\"password\":" + LocalAws.quote(password)
                + ",\"engine\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":" + pg.port() + ",\"dbname\":\"" + TestEnv.MAIN_DB + "\"}";
    }

    /** Options of a schema that names only the engine, the secret and the roles: the rest comes from the secret. */
    private static Map<String, String> secretOptions(String arn, String roles) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("engine", "postgres");
        options.put("secret_arn", arn);
        options.put("iam_role", roles);
        options.put("secretsmanager_endpoint", aws.endpoint());
        options.put("sts_endpoint", aws.endpoint());
        return options;
    }

    private static String defineSecretCatalog(String name, String arn, String roles, Map<String, String> extra) {
        Map<String, String> options = secretOptions(arn, roles);
        options.putAll(extra);
        spark.conf().set("spark.sql.catalog." + name, FederatedCatalog.class.getName());
        options.forEach((k, v) -> spark.conf().set("spark.sql.catalog." + name + ".schemas.s." + k, v));
        return name;
    }

    @Test
    void secretReadThroughARoleChainLogsInAndFillsHostPortAndDatabase() {
        aws.clearCalls();
        String catalog = defineSecretCatalog("sec_chain", secretArn, ROLE_SPARK + "," + ROLE_DB, Map.of("secret_cache_ttl", "0"));
        List<Row> rows = spark.sql("SELECT id FROM " + catalog + ".s.orders WHERE status = 'shipped'").collectAsList();
        assertThat(rows).extracting(r -> r.getLong(0)).containsExactlyInAnyOrder(1L, 4L);
        assertThat(aws.calls()).contains(
                "AssumeRole " + ROLE_SPARK + " by " + LocalAws.BASE_USER_ARN,
                "AssumeRole " + ROLE_DB + " by " + ROLE_SPARK,
                "GetSecretValue " + secretArn + " by " + ROLE_DB);
        Map<String, String> described = new LinkedHashMap<>();
        spark.sql("DESCRIBE NAMESPACE EXTENDED " + catalog + ".s").collectAsList().forEach(r -> described.put(r.getString(0), r.getString(1)));
        // Spark itself masks properties whose name contains "secret" (spark.redaction.regex), the ARN included
        assertThat(described.toString()).contains("secret_arn", "127.0.0.1", TestEnv.MAIN_DB, ROLE_DB).doesNotContain(PASSWORD);
    }

    @Test
    void dataSourceReadsTakeTheSameOptions() {
        Dataset<Row> df = spark.read().format("federated").options(secretOptions(secretArn, ROLE_SPARK + "," + ROLE_DB))
                .option("dbtable", "orders").load();
        assertThat(df.count()).isEqualTo(4);
    }

    @Test
    void noPasswordTravelsInThePartitionsSentToExecutors() throws Exception {
        String catalog = defineSecretCatalog("sec_ship", secretArn, ROLE_SPARK + "," + ROLE_DB, Map.of());
        Dataset<Row> df = spark.sql("SELECT * FROM " + catalog + ".s.orders");
        df.collect();
        BatchScanExec scan = (BatchScanExec) TestEnv.findScan(df.queryExecution().executedPlan());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            for (InputPartition partition : scan.batch().planInputPartitions()) {
                out.writeObject(partition);
            }
            out.writeObject(scan.readerFactory());
        }
        String shipped = bytes.toString(StandardCharsets.ISO_8859_1);
        assertThat(shipped).contains(secretArn).doesNotContain(PASSWORD);
    }

    @Test
    void aRotatedPasswordIsFetchedAgainOnceAndTheQuerySucceeds() {
        pg.execute("postgres", "DROP ROLE IF EXISTS rotating", "CREATE ROLE rotating LOGIN PASSWORD 'first-password-1'");
        pg.execute(TestEnv.MAIN_DB, "GRANT SELECT ON orders TO rotating");
        String arn = aws.createSecret("prod/rotating", rdsSecret("rotating", "first-password-1"));
        aws.allowSecret(LocalAws.BASE_USER_ARN, arn);
        String catalog = defineSecretCatalog("sec_rot", arn, "default", Map.of("secret_cache_ttl", "3600"));
        assertThat(spark.sql("SELECT count(*) FROM " + catalog + ".s.orders").first().getLong(0)).isEqualTo(4);
        // the rotation: database and secret change; the connector's cached password is now wrong
        pg.execute("postgres", "ALTER ROLE rotating PASSWORD 'second-password-2'");
        try (SecretsManagerClient client = SecretsManagerClient.builder().region(Region.US_EAST_1)
                .endpointOverride(java.net.URI.create(aws.endpoint())).httpClient(UrlConnectionHttpClient.create()).build()) {
            client.putSecretValue(r -> r.secretId(arn).secretString(rdsSecret("rotating", "second-password-2")));
            assertThat(client.describeSecret(r -> r.secretId(arn)).arn()).isEqualTo(arn);
        }
        aws.clearCalls();
        assertThat(spark.sql("SELECT count(*) FROM " + catalog + ".s.orders WHERE id > 1").first().getLong(0)).isEqualTo(3);
        assertThat(aws.calls()).filteredOn(c -> c.startsWith("GetSecretValue")).hasSize(1);
        // a secret that is still wrong after fetching it again is reported as such
        pg.execute("postgres", "ALTER ROLE rotating PASSWORD 'third-password-3'");
        assertThatThrownBy(() -> spark.sql("SELECT count(*) FROM " + catalog + ".s.orders WHERE id > 2").collect())
                .satisfies(e -> assertThat(TestEnv.messages(e)).contains("password authentication failed for the user in secret '"
                        + arn + "', also after fetching the secret again").doesNotContain("second-password-2"));
    }

    private static String failure(String catalog) {
        return TestEnv.failureMessages(() -> spark.sql("SELECT * FROM " + catalog + ".s.orders").collect());
    }

    @Test
    void errorsNameTheSchemaAndTheArnAndWhatToFix() {
        String denied = aws.createSecret("prod/nobody-may-read", rdsSecret("app_reader", PASSWORD));
        assertThat(failure(defineSecretCatalog("sec_denied", denied, ROLE_SPARK + "," + ROLE_DB, Map.of("uri", "127.0.0.1",
                "port", Integer.toString(pg.port()), "database", TestEnv.MAIN_DB))))
                .contains("external schema 's'", "access denied reading secret '" + denied + "' as role '" + ROLE_DB + "'",
                        "secretsmanager:GetSecretValue")
                .doesNotContain(PASSWORD);

        String missing = secretArn.replace("app-reader", "no-such-secret");
        aws.allowSecret(LocalAws.BASE_USER_ARN, missing);
        assertThat(failure(defineSecretCatalog("sec_missing", missing, "default", Map.of())))
                .contains("secret '" + missing + "' does not exist in us-east-1; check 'secret_arn'");

        String notTrusted = LocalAws.roleArn("not-trusted");
        assertThat(failure(defineSecretCatalog("sec_trust", secretArn, ROLE_SPARK + "," + notTrusted, Map.of())))
                .contains("cannot assume IAM role '" + notTrusted + "' with role '" + ROLE_SPARK + "'", "trust policy");

        String notJson = aws.createSecret("prod/not-json", "just-a-password-" + PASSWORD);
        aws.allowSecret(LocalAws.BASE_USER_ARN, notJson);
        assertThat(failure(defineSecretCatalog("sec_text", notJson, "default", Map.of())))
                .contains("secret '" + notJson + "' is not a JSON object").doesNotContain(PASSWORD);

        String noPassword = aws.createSecret("prod/no-password", "{\"username\":\"app_reader\",\"host\":\"127.0.0.1\"}");
        aws.allowSecret(LocalAws.BASE_USER_ARN, noPassword);
        assertThat(failure(defineSecretCatalog("sec_nopw", noPassword, "default", Map.of())))
                .contains("secret '" + noPassword + "' has no password");

        String readable = aws.createSecret("prod/readable", rdsSecret("app_reader", PASSWORD));
        aws.allowSecret(LocalAws.BASE_USER_ARN, readable);
        aws.setExpired(LocalAws.BASE_ACCESS_KEY_ID, true);
        try {
            assertThat(failure(defineSecretCatalog("sec_expired", readable, "default", Map.of())))
                    .contains("the AWS credentials used to read secret '" + readable + "' have expired; refresh them");
            assertThat(failure(defineSecretCatalog("sec_expired_role", readable, ROLE_SPARK, Map.of())))
                    .contains("cannot assume IAM role '" + ROLE_SPARK + "'", "have expired; refresh them");
        } finally {
            aws.setExpired(LocalAws.BASE_ACCESS_KEY_ID, false);
        }

        assertThat(failure(defineSecretCatalog("sec_badarn", "arn:aws:s3:::bucket", "default", Map.of())))
                .contains("option 'secret_arn' must be a Secrets Manager secret ARN");
        assertThat(failure(defineSecretCatalog("sec_badrole", secretArn, "spark-cluster", Map.of())))
                .contains("option 'iam_role' must be 'default' or IAM role ARNs");
    }

    @Test
    void theSecretsPasswordAppearsInNoLogAndNoEventLog() throws Exception {
        StringWriter captured = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.newBuilder().setName("capture").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%throwable").build()).build();
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        Configurator.setLevel("io.sparkfederated", Level.DEBUG);
        Configurator.setLevel("software.amazon.awssdk", Level.DEBUG);
        try {
            String catalog = defineSecretCatalog("sec_logs", secretArn, ROLE_SPARK + "," + ROLE_DB, Map.of("secret_cache_ttl", "0"));
            spark.sql("SELECT o.id, o.status FROM " + catalog + ".s.orders o WHERE o.amount > 100").collect();
            spark.sql("EXPLAIN EXTENDED SELECT * FROM " + catalog + ".s.orders").collect();
            assertThat(failure(defineSecretCatalog("sec_logs_bad", secretArn, ROLE_SPARK + "," + LocalAws.roleArn("nope"), Map.of())))
                    .doesNotContain(PASSWORD);
        } finally {
            context.getConfiguration().getRootLogger().removeAppender("capture");
            Configurator.setLevel("io.sparkfederated", Level.WARN);
            Configurator.setLevel("software.amazon.awssdk", Level.WARN);
            appender.stop();
        }
        assertThat(captured.toString()).contains("GetSecretValue").doesNotContain(PASSWORD)
                .doesNotContain(pg.password()).doesNotContain(LocalAws.BASE_SECRET_ACCESS_KEY);

        Thread.sleep(500); // the event log is flushed on each SQL execution event
        String events;
        try (Stream<Path> files = Files.walk(TestEnv.eventLogDir())) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8));
            }
            events = all.toString();
        }
        assertThat(events).contains("SparkListenerSQLExecutionStart", secretArn).doesNotContain(PASSWORD);
        // a plaintext password given at launch (SparkConf) is masked by Spark; one set at run time with
        // spark.conf.set is not (Spark copies runtime SQL confs into job properties unmasked): see the README
        assertThat(events).contains("\"spark.sql.catalog.fed.schemas.apg.password\":\"*********(redacted)\"");
    }
}
