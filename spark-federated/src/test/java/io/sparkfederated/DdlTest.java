package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.LocalAws;
import io.sparkfederated.sandbox.PostgresServer;

/**
 * Redshift's external-schema DDL through {@code FederatedSqlExtensions}: the documentation's
 * CREATE EXTERNAL SCHEMA pasted into Spark SQL (with the sandbox's host, port, role and secret),
 * the persistent registry, DROP SCHEMA, and precise errors for malformed DDL.
 */
class DdlTest {

    /** The catalog these tests create schemas in; it keeps them in a registry directory. */
    private static final String CATALOG = "rs";
    private static final String ROLE = LocalAws.roleArn("MyAuroraRole");
    private static final String PASSWORD = "Ddl-S3cret!" + Long.toHexString(System.nanoTime());

    private static SparkSession spark;
    private static PostgresServer pg;
    private static LocalAws aws;
    private static Path registry;
    private static String secretArn;

    @BeforeAll
    static void setUp() throws IOException {
        spark = TestEnv.spark();
        pg = TestEnv.postgres();
        aws = TestEnv.aws();
        pg.recreateDatabase("my_aurora_db");
        pg.execute("postgres", "DROP ROLE IF EXISTS aurora_reader",
                "CREATE ROLE aurora_reader LOGIN PASSWORD '" + PASSWORD + "'");
        pg.execute("my_aurora_db",
                "CREATE SCHEMA my_aurora_schema",
                "CREATE TABLE my_aurora_schema.customers (id int PRIMARY KEY, name text NOT NULL, balance numeric(10,2))",
                "INSERT INTO my_aurora_schema.customers VALUES (1, 'Ada', 10.50), (2, 'Grace', NULL), (3, 'Edsger', 7.25)",
                "CREATE VIEW my_aurora_schema.rich AS SELECT * FROM my_aurora_schema.customers WHERE balance > 8",
                "GRANT USAGE ON SCHEMA my_aurora_schema TO aurora_reader",
                "GRANT SELECT ON ALL TABLES IN SCHEMA my_aurora_schema TO aurora_reader",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO aurora_reader");
        secretArn = aws.createSecret("development/MyTestDatabase",
                "{\"username\":\"aurora_reader\",\"password\":" + LocalAws.quote(PASSWORD) + "}");
        aws.allowAssumeRole(LocalAws.BASE_USER_ARN, ROLE);
        aws.allowSecret(ROLE, secretArn);
        registry = Files.createTempDirectory("spark-federated-registry-");
        configureCatalog(spark);
    }

    /** The catalog settings a user puts in spark-defaults.conf: a registry, and the sandbox's AWS endpoints. */
    private static void configureCatalog(SparkSession session) {
        session.conf().set("spark.sql.catalog." + CATALOG, FederatedCatalog.class.getName());
        session.conf().set("spark.sql.catalog." + CATALOG + ".registry", registry.toUri().toString());
        session.conf().set("spark.sql.catalog." + CATALOG + ".defaults.secretsmanager_endpoint", aws.endpoint());
        session.conf().set("spark.sql.catalog." + CATALOG + ".defaults.sts_endpoint", aws.endpoint());
    }

    /** A new session: new catalog instances that know only what the registry holds (a Spark restart, as far as we are concerned). */
    private static SparkSession restartedSession() {
        SparkSession session = spark.newSession();
        configureCatalog(session);
        return session;
    }

    /** The Redshift documentation's example, with the sandbox's host, port, role and secret. */
    private static String docsExample(String name) {
        return """
                CREATE EXTERNAL SCHEMA IF NOT EXISTS %s
                FROM POSTGRES
                DATABASE 'my_aurora_db' SCHEMA 'my_aurora_schema'
                URI '127.0.0.1' PORT %d
                IAM_ROLE '%s'
                SECRET_ARN '%s'
                """.formatted(name, pg.port(), ROLE, secretArn);
    }

    private static List<String> strings(SparkSession session, String sql, int column) {
        return session.sql(sql).collectAsList().stream().map(r -> r.getString(column)).collect(Collectors.toList());
    }

    @Test
    void theDocumentationExampleCreatesAQueryableSchemaThatSurvivesARestartUntilDropped() throws Exception {
        // in a session whose only federated catalog with a registry is "rs", the unqualified name goes there
        restartedSession().sql(docsExample("myRedshiftSchema"));

        assertThat(strings(spark, "SHOW NAMESPACES IN " + CATALOG, 0)).contains("myredshiftschema");
        assertThat(strings(spark, "SHOW TABLES IN rs.myRedshiftSchema", 1)).containsExactly("customers", "rich");
        assertThat(spark.sql("SELECT name FROM rs.myredshiftschema.customers WHERE balance > 8").collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("Ada");
        assertThat(aws.calls()).anyMatch(c -> c.contains("AssumeRole") && c.contains("MyAuroraRole"));

        // what the registry keeps: ARNs and the host, never the password
        String stored;
        try (Stream<Path> files = Files.list(registry)) {
            stored = files.filter(f -> f.toString().endsWith(".properties")).map(DdlTest::read).collect(Collectors.joining("\n"));
        }
        assertThat(stored).contains(secretArn.replace(":", "\\:")).doesNotContain(PASSWORD).doesNotContain("password");

        // a new session reads the registry and queries the schema; DESCRIBE NAMESPACE shows where it came from
        SparkSession restarted = restartedSession();
        assertThat(restarted.sql("SELECT count(*) FROM rs.myredshiftschema.customers").first().getLong(0)).isEqualTo(3);
        String description = restarted.sql("DESCRIBE NAMESPACE EXTENDED rs.myredshiftschema").collectAsList().toString();
        // (Spark's own redaction masks the value of any property named like "secret", even an ARN)
        assertThat(description).contains("secret_arn").contains(ROLE).contains("registry").doesNotContain(PASSWORD);

        restarted.sql("DROP SCHEMA myRedshiftSchema");
        assertThat(strings(restarted, "SHOW NAMESPACES IN " + CATALOG, 0)).doesNotContain("myredshiftschema");
        assertThat(strings(restartedSession(), "SHOW NAMESPACES IN " + CATALOG, 0)).doesNotContain("myredshiftschema");
        assertThat(strings(spark, "SHOW NAMESPACES IN " + CATALOG, 0)).doesNotContain("myredshiftschema");
        // dropping the mapping never touched the remote data
        try (var c = pg.connect("my_aurora_db"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM my_aurora_schema.customers")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(3);
        }
    }

    @Test
    void clausesInAnyOrderLowerCaseKeywordsCommentsQuotedNamesAndVariables() {
        spark.conf().set("ddltest.port", Integer.toString(pg.port())); // ${ddltest.port}, substituted as Spark does
        spark.sql("""
                -- as Redshift accepts it: any clause order, any case
                create external schema rs."Sales Ops" from postgres
                  secret_arn '%s'   /* the login */
                  iam_role default
                  uri '127.0.0.1' port ${ddltest.port}
                  schema 'my_aurora_schema' database 'my_aurora_db';
                """.formatted(secretArn));
        // IAM_ROLE default: the base credentials read the secret directly
        aws.allowSecret(LocalAws.BASE_USER_ARN, secretArn);
        assertThat(spark.sql("SELECT id FROM rs.`sales ops`.customers ORDER BY id").collectAsList())
                .extracting(r -> r.getInt(0)).containsExactly(1, 2, 3);
        spark.sql("DROP SCHEMA rs.`Sales Ops`");
        assertThat(strings(spark, "SHOW NAMESPACES IN " + CATALOG, 0)).doesNotContain("sales ops");
    }

    @Test
    void createTwiceFailsUnlessIfNotExists() {
        String ddl = docsExample("rs.twice").replace("IF NOT EXISTS ", "");
        spark.sql(ddl);
        assertThat(TestEnv.failureMessages(() -> spark.sql(ddl))).contains("twice").contains("already exists");
        spark.sql(docsExample("rs.twice")); // IF NOT EXISTS: no error
        spark.sql("DROP SCHEMA rs.twice");
    }

    @Test
    void dropSeveralIsAllOrNothingAndIfExistsSkipsMissingNames() {
        spark.sql(docsExample("rs.one"));
        spark.sql(docsExample("rs.two"));
        assertThat(TestEnv.failureMessages(() -> spark.sql("DROP SCHEMA rs.one, rs.missing, rs.two")))
                .contains("'missing' does not exist").contains("nothing was dropped");
        assertThat(strings(spark, "SHOW NAMESPACES IN " + CATALOG, 0)).contains("one", "two");

        spark.sql("DROP SCHEMA IF EXISTS rs.one, rs.missing, rs.two CASCADE");
        assertThat(strings(spark, "SHOW NAMESPACES IN " + CATALOG, 0)).doesNotContain("one", "two");
    }

    @Test
    void otherSparkSqlIsUntouched() {
        spark.sql("CREATE DATABASE IF NOT EXISTS plain_spark_db");
        spark.sql("CREATE TABLE plain_spark_db.t (x int) USING parquet");
        spark.sql("INSERT INTO plain_spark_db.t VALUES (1), (2)");
        assertThat(spark.sql("SELECT sum(x) FROM plain_spark_db.t").first().getLong(0)).isEqualTo(3);
        spark.sql("DROP SCHEMA plain_spark_db CASCADE"); // Spark's own DROP SCHEMA, of Spark's own database
        assertThat(spark.catalog().databaseExists("plain_spark_db")).isFalse();
        assertThat(spark.sql("SELECT 1 AS external").first().getInt(0)).isEqualTo(1);
        // Spark's own syntax errors stay Spark's
        assertThat(TestEnv.failureMessages(() -> spark.sql("SELEC 1"))).contains("PARSE_SYNTAX_ERROR");
    }

    @Test
    void aConfDefinitionWinsOverTheRegistryAndCannotBeDroppedByDdl() {
        // another catalog on the same registry creates "shared"; catalog "rsconf" defines "shared" in conf too
        spark.sql(docsExample("rs.shared"));
        spark.conf().set("spark.sql.catalog.rsconf", FederatedCatalog.class.getName());
        spark.conf().set("spark.sql.catalog.rsconf.registry", registry.toUri().toString());
        TestEnv.schemaOptions(pg, TestEnv.MAIN_DB, "public")
                .forEach((k, v) -> spark.conf().set("spark.sql.catalog.rsconf.schemas.shared." + k, v));

        String description = spark.sql("DESCRIBE NAMESPACE EXTENDED rsconf.shared").collectAsList().toString();
        assertThat(description).contains("spark conf").contains(TestEnv.MAIN_DB);
        assertThat(spark.sql("SHOW TABLES IN rsconf.shared").collectAsList()).extracting(r -> r.getString(1)).contains("orders");
        // the registry's other schemas are there too
        spark.sql(docsExample("rs.only_in_registry"));
        assertThat(strings(spark, "SHOW NAMESPACES IN rsconf", 0)).contains("shared", "only_in_registry");

        spark.sql("DROP SCHEMA rs.shared");
        spark.sql("DROP SCHEMA rs.only_in_registry");
        assertThat(TestEnv.failureMessages(() -> spark.sql("DROP SCHEMA rsconf.shared")))
                .contains("defined in Spark conf").contains("spark.sql.catalog.rsconf.schemas.shared");
    }

    @Test
    void aRegistrySchemaThatTheDefaultsBreakIsListedFailsWhenUsedAndCanBeDropped() {
        spark.sql(docsExample("rs.broken_by_defaults"));
        // another catalog on the same registry, with a misspelt default
        spark.conf().set("spark.sql.catalog.rsbad", FederatedCatalog.class.getName());
        spark.conf().set("spark.sql.catalog.rsbad.registry", registry.toUri().toString());
        spark.conf().set("spark.sql.catalog.rsbad.defaults.batch_sise", "10");

        assertThat(strings(spark, "SHOW NAMESPACES IN rsbad", 0)).contains("broken_by_defaults");
        List<Row> svv = spark.sql("SELECT schemaname, databasename FROM rsbad.pg_catalog.svv_external_schemas"
                + " WHERE schemaname = 'broken_by_defaults'").collectAsList();
        assertThat(svv).hasSize(1);
        assertThat(svv.get(0).isNullAt(1)).isTrue(); // its settings cannot be read while it has problems
        assertThat(TestEnv.failureMessages(() -> spark.sql("SELECT * FROM rsbad.broken_by_defaults.customers").collect()))
                .contains("external schema 'broken_by_defaults': catalog option 'spark.sql.catalog.rsbad.defaults.batch_sise':"
                        + " unknown option 'batch_sise' (did you mean 'batch_size'?)");

        spark.sql("DROP SCHEMA rsbad.broken_by_defaults");
        assertThat(strings(spark, "SHOW NAMESPACES IN rs", 0)).doesNotContain("broken_by_defaults");
    }

    @Test
    void sessionsCreatingSchemasAtTheSameTimeLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            SparkSession session = restartedSession();
            for (int i = 0; i < 5; i++) {
                String name = "concurrent_" + s + "_" + i;
                names.add(name);
                done.add(pool.submit(() -> session.sql(docsExample("rs." + name))));
            }
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(strings(restartedSession(), "SHOW NAMESPACES IN " + CATALOG, 0)).containsAll(names);
        spark.sql("DROP SCHEMA " + names.stream().map(n -> "rs." + n).collect(Collectors.joining(", ")));
        assertThat(strings(restartedSession(), "SHOW NAMESPACES IN " + CATALOG, 0)).doesNotContainAnyElementsOf(names);
    }

    @Test
    void aMySqlSchemaIsRegisteredAndQueriedOnItsOwnHost() {
        spark.sql("CREATE EXTERNAL SCHEMA rs.shop FROM MYSQL DATABASE 'shop' URI 'mysql.internal' IAM_ROLE default"
                + " SECRET_ARN '" + secretArn + "'");
        List<Row> svv = spark.sql("SELECT eskind, databasename FROM rs.pg_catalog.svv_external_schemas WHERE schemaname = 'shop'")
                .collectAsList();
        assertThat(svv).hasSize(1);
        assertThat(svv.get(0).getInt(0)).isEqualTo(8);
        assertThat(TestEnv.failureMessages(() -> spark.sql("SHOW TABLES IN rs.shop").collect()))
                .contains("cannot connect to mysql.internal:3306");
        spark.sql("DROP SCHEMA rs.shop");
    }

    @Test
    void aPasswordIsNeverStored() {
        assertThat(TestEnv.failureMessages(() -> spark.sql("CREATE NAMESPACE rs.pw WITH DBPROPERTIES ('engine'='postgres',"
                + " 'uri'='127.0.0.1', 'database'='x', 'user'='u', 'password'='" + PASSWORD + "')")))
                .contains("password cannot be stored").contains("SECRET_ARN").doesNotContain(PASSWORD);
        assertThat(strings(spark, "SHOW NAMESPACES IN " + CATALOG, 0)).doesNotContain("pw");
    }

    @Test
    void reservedNamesAndCatalogsThatAreNotFederatedAreRefused() {
        assertThat(TestEnv.failureMessages(() -> spark.sql(docsExample("rs.information_schema"))))
                .contains("'information_schema' cannot be the name of an external schema");
        assertThat(TestEnv.failureMessages(() -> spark.sql(docsExample("spark_catalog.x"))))
                .contains("catalog 'spark_catalog' is not a spark-federated catalog");
    }

    @Test
    void malformedDdlGetsAnErrorThatPointsAtTheToken() {
        String sql = """
                CREATE EXTERNAL SCHEMA rs.bad
                FROM POSTGRES
                DATABASE my_aurora_db
                URI '127.0.0.1'
                IAM_ROLE default SECRET_ARN '%s'""".formatted(secretArn);
        String message = TestEnv.failureMessages(() -> spark.sql(sql));
        assertThat(message).contains("line 3, column 10")
                .contains("expected a quoted string after DATABASE, found my_aurora_db (write it as 'my_aurora_db')")
                .contains("DATABASE my_aurora_db\n         ^^^^^^^^^^^^");

        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM ORACLE DATABASE 'd'"))
                .contains("line 1, column 31").contains("expected POSTGRES, MYSQL or REDSHIFT after FROM, found ORACLE");
        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM DATA CATALOG DATABASE 'd'"))
                .contains("FROM DATA is not a federated source");
        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' IAM_ROLE default"))
                .contains("needs a SECRET_ARN clause");
        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' DATABASE 'e'"))
                .contains("column 53").contains("DATABASE is given twice");
        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' PORT 99999"))
                .contains("PORT must be between 1 and 65535");
        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'postgres://h/db'"))
                .contains("URI must be a host name or IP address");
        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' IAM_ROLE 'arn:aws:iam::1:user/x'"))
                .contains("IAM_ROLE must be 'default' or IAM role ARNs");
        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd' URI 'h' IAM_ROLE default SECRET_ARN 'nope'"))
                .contains("SECRET_ARN must be a Secrets Manager secret ARN");
        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM MYSQL DATABASE 'd' SCHEMA 's'"))
                .contains("FROM MYSQL takes no SCHEMA clause");
        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM POSTGRES DATABASE 'd REGION 'x'"))
                .contains("unterminated string");
        assertThat(ddlError("CREATE EXTERNAL SCHEMA x FROM POSTGRES REGION 'us-east-1'"))
                .contains("REGION is not a clause of FROM POSTGRES");
        assertThat(ddlError("DROP SCHEMA rs.a, rs.b RESTRICT extra")).contains("column 33")
                .contains("expected ',', CASCADE, RESTRICT or the end of the statement, found extra");
    }

    private static String ddlError(String sql) {
        return TestEnv.failureMessages(() -> spark.sql(sql));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
