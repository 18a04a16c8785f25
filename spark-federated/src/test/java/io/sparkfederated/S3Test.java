package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.LocalAws;
import io.sparkfederated.sandbox.LocalS3;

/**
 * PostgreSQL tables joined with Parquet on S3 (the sandbox's S3-compatible server, read by Spark's
 * own Parquet reader over Hadoop S3A), runtime filters from the S3 side, and S3 read with the
 * external schema's IAM role.
 */
class S3Test {

    private static SparkSession spark;
    private static LocalS3 s3;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        s3 = LocalS3.start();
        s3.createBucket("lake");
        s3.s3aSettings().forEach((k, v) -> spark.sparkContext().hadoopConfiguration().set(k, v));
        TestEnv.postgres().execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS s3_fact",
                "CREATE TABLE s3_fact AS SELECT g AS id, (g % 200)::int AS k FROM generate_series(1, 20000) g",
                "ANALYZE s3_fact");
        spark.sql("SELECT CAST(id AS INT) AS k, CASE WHEN id IN (3, 30, 150) THEN 'hot' ELSE 'cold' END AS temperature"
                + " FROM range(0, 200)").write().mode("overwrite").parquet("s3a://lake/dim/");
    }

    @Test
    void parquetOnS3JoinsAPostgresTableAndItsKeysFilterTheRemoteRead() {
        Dataset<Row> df = spark.sql("SELECT count(*), sum(f.id) FROM fed.apg.s3_fact f"
                + " JOIN parquet.`s3a://lake/dim/` d ON f.k = d.k WHERE d.temperature = 'hot'");
        Row row = df.collectAsList().get(0);
        assertThat(row.getLong(0)).isEqualTo(300);
        assertThat(TestEnv.remoteSql(df)).contains("(\"k\") IN ((3), (30), (150))");
        long rows = TestEnv.allScans(df.queryExecution().executedPlan()).stream()
                .filter(p -> p.toString().contains("s3_fact")).findFirst().orElseThrow()
                .metrics().get("federatedRows").get().value();
        assertThat(rows).isEqualTo(300);
        assertThat(s3.keys("lake")).anyMatch(k -> k.startsWith("dim/") && k.endsWith(".parquet"));
    }

    @Test
    void theRegistryOfDdlCreatedSchemasCanLiveOnS3() {
        spark.conf().set("spark.sql.catalog.s3reg", FederatedCatalog.class.getName());
        spark.conf().set("spark.sql.catalog.s3reg.registry", "s3a://lake/spark-federated/registry");
        spark.sql("CREATE EXTERNAL SCHEMA s3reg.on_s3 FROM POSTGRES DATABASE 'dev' URI 'db.example.com'"
                + " IAM_ROLE default SECRET_ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:dev-AbCdEf'");
        assertThat(s3.keys("lake")).contains("spark-federated/registry/on_s3.properties");

        SparkSession other = spark.newSession(); // new catalog instances: only the registry on S3 knows the schema
        other.conf().set("spark.sql.catalog.s3reg", FederatedCatalog.class.getName());
        other.conf().set("spark.sql.catalog.s3reg.registry", "s3a://lake/spark-federated/registry");
        assertThat(other.sql("SHOW NAMESPACES IN s3reg").collectAsList()).extracting(r -> r.getString(0)).contains("on_s3");
        other.sql("DROP SCHEMA s3reg.on_s3");
        assertThat(s3.keys("lake")).noneMatch(k -> k.startsWith("spark-federated/registry/on_s3"));
    }

    @Test
    void s3aReadsAndWritesABucketUnderTheExternalSchemasRole() {
        String hadoop = org.apache.hadoop.util.VersionInfo.getVersion();
        org.junit.jupiter.api.Assumptions.assumeTrue(hadoop.startsWith("3.4."), "Hadoop " + hadoop + "'s S3A takes the"
                + " STS endpoint as a bare host name (port 443 only), and the sandbox STS listens on a free port: this"
                + " end-to-end check runs with Hadoop 3.4 (the Spark 4.1 build)");
        LocalAws aws = TestEnv.aws();
        String role = LocalAws.roleArn("lake-role-e2e");
        aws.allowAssumeRole(LocalAws.BASE_USER_ARN, role);
        String secret = aws.createSecret("s3e2e/login", "{\"username\":\"x\",\"password\":\"y\"}");
        // S3A speaks HTTPS only to STS: the sandbox STS over HTTPS too (the test JVM trusts the sandbox CA)
        String catalog = catalogWithRole("s3e2e", secret, role, aws.startHttps(TestEnv.tls()));
        s3.createBucket("lake-e2e"); // a bucket no S3A client has opened yet (S3A caches one client per bucket)
        S3Access.configure(spark, catalog, "s", "lake-e2e");
        aws.clearCalls();
        spark.sql("SELECT id FROM range(0, 50)").write().mode("overwrite").parquet("s3a://lake-e2e/under-role/");
        assertThat(spark.read().parquet("s3a://lake-e2e/under-role/").count()).isEqualTo(50);
        assertThat(aws.calls()).anyMatch(call -> call.startsWith("AssumeRole " + role));
    }

    @Test
    void s3aSettingsAssumeTheExternalSchemasRoleForOneBucket() {
        LocalAws aws = TestEnv.aws();
        String role = LocalAws.roleArn("lake-reader");
        String secret = aws.createSecret("s3test/login", "{\"username\":\"x\",\"password\":\"y\"}");
        String catalog = catalogWithRole("s3role", secret, role, "https://sts.us-east-1.amazonaws.com");

        S3Access.configure(spark, catalog, "s", "lake-role");
        try {
            assertThat(spark.conf().get("fs.s3a.bucket.lake-role.aws.credentials.provider"))
                    .isEqualTo("org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider");
            assertThat(spark.conf().get("fs.s3a.bucket.lake-role.assumed.role.arn")).isEqualTo(role);
            assertThat(spark.conf().get("fs.s3a.bucket.lake-role.assumed.role.sts.endpoint")).isEqualTo("sts.us-east-1.amazonaws.com");
            assertThat(spark.conf().get("fs.s3a.bucket.lake-role.assumed.role.credentials.provider"))
                    .isEqualTo("software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");
        } finally {
            S3Access.s3aSettings(((FederatedCatalog) io.sparkfederated.spark.SparkLine.current().sessionState(spark).orElseThrow()
                    .catalogManager().catalog(catalog)).externalSchema("s").orElseThrow(), "lake-role").keySet()
                    .forEach(k -> spark.conf().unset(k));
        }
        // S3A reaches STS over HTTPS only
        String plain = catalogWithRole("s3plainsts", secret, role, aws.endpoint());
        assertThat(TestEnv.failureMessages(() -> S3Access.configure(spark, plain, "s", "lake-role")))
                .contains("sts_endpoint '" + aws.endpoint() + "' cannot be used by S3A");
        // a chain of two roles cannot be expressed for S3A
        spark.conf().set("spark.sql.catalog.s3chain", FederatedCatalog.class.getName());
        spark.conf().set("spark.sql.catalog.s3chain.schemas.s.engine", "postgres");
        spark.conf().set("spark.sql.catalog.s3chain.schemas.s.uri", "127.0.0.1");
        spark.conf().set("spark.sql.catalog.s3chain.schemas.s.database", "x");
        spark.conf().set("spark.sql.catalog.s3chain.schemas.s.port", "5432");
        spark.conf().set("spark.sql.catalog.s3chain.schemas.s.secret_arn", secret);
        spark.conf().set("spark.sql.catalog.s3chain.schemas.s.iam_role", role + "," + LocalAws.roleArn("second"));
        assertThat(TestEnv.failureMessages(() -> S3Access.configure(spark, "s3chain", "s", null)))
                .contains("chains 2 roles").contains("S3A assumes exactly one");
    }

    /** A catalog whose schema {@code s} logs in with a secret read as {@code role} through this STS endpoint. */
    private static String catalogWithRole(String name, String secret, String role, String stsEndpoint) {
        String catalog = TestEnv.defineCatalog(name, TestEnv.postgres(), TestEnv.MAIN_DB, Map.of());
        String prefix = "spark.sql.catalog." + name + ".schemas.s.";
        spark.conf().unset(prefix + "user");
        spark.conf().unset(prefix + "password");
        spark.conf().set(prefix + "secret_arn", secret);
        spark.conf().set(prefix + "iam_role", role);
        spark.conf().set(prefix + "sts_endpoint", stsEndpoint);
        return catalog;
    }
}
