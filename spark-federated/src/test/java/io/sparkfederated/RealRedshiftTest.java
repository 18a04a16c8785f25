package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Opt-in: engine=redshift against a real Redshift cluster or serverless workgroup. Runs when
 * {@code FEDERATED_IT_REDSHIFT_URI} (endpoint host name), {@code FEDERATED_IT_REDSHIFT_DATABASE}
 * and either {@code FEDERATED_IT_REDSHIFT_USER} + {@code FEDERATED_IT_REDSHIFT_PASSWORD} or
 * {@code FEDERATED_IT_REDSHIFT_SECRET_ARN} are set; {@code FEDERATED_IT_REDSHIFT_PORT} (5439),
 * {@code FEDERATED_IT_REDSHIFT_SCHEMA} (public) and {@code FEDERATED_IT_REDSHIFT_TABLE} (a table to
 * read; else the first listed) are optional. Skipped, saying so, otherwise. With
 * {@code FEDERATED_IT_REDSHIFT_TEMPDIR} ({@code s3a://bucket/prefix}) and
 * {@code FEDERATED_IT_REDSHIFT_UNLOAD_ROLE} also set, the table is read through UNLOAD too (Spark's
 * S3A reads the bucket with the default AWS credentials chain, region
 * {@code FEDERATED_IT_REDSHIFT_TEMPDIR_REGION}, default us-east-1) and compared with JDBC.
 */
class RealRedshiftTest {

    @Test
    void aRealRedshiftSchemaListsDescribesAndReads() {
        String uri = System.getenv("FEDERATED_IT_REDSHIFT_URI");
        assumeTrue(uri != null && !uri.isBlank(), "FEDERATED_IT_REDSHIFT_URI is not set: the real-Redshift test is skipped");
        String sandboxKey = System.clearProperty("aws.accessKeyId"); // real credentials, not the sandbox's
        String sandboxSecret = System.clearProperty("aws.secretAccessKey");
        try {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("engine", "redshift");
            options.put("uri", uri);
            options.put("port", env("FEDERATED_IT_REDSHIFT_PORT", "5439"));
            options.put("database", env("FEDERATED_IT_REDSHIFT_DATABASE", "dev"));
            options.put("schema", env("FEDERATED_IT_REDSHIFT_SCHEMA", "public"));
            String secret = System.getenv("FEDERATED_IT_REDSHIFT_SECRET_ARN");
            if (secret != null && !secret.isBlank()) {
                options.put("secret_arn", secret);
            } else {
                options.put("user", env("FEDERATED_IT_REDSHIFT_USER", ""));
                options.put("password", env("FEDERATED_IT_REDSHIFT_PASSWORD", ""));
            }
            SparkSession spark = TestEnv.spark();
            spark.conf().set("spark.sql.catalog.realrs", FederatedCatalog.class.getName());
            options.forEach((k, v) -> spark.conf().set("spark.sql.catalog.realrs.schemas.s." + k, v));
            List<Row> tables = spark.sql("SHOW TABLES IN realrs.s").collectAsList();
            String table = env("FEDERATED_IT_REDSHIFT_TABLE", tables.isEmpty() ? null : tables.get(0).getString(1));
            assumeTrue(table != null, "the Redshift schema has no tables to read");
            spark.sql("DESCRIBE TABLE realrs.s.`" + table + "`").collect();
            List<Row> rows = spark.sql("SELECT * FROM realrs.s.`" + table + "` LIMIT 10").collectAsList();
            assertThat(rows.size()).isBetween(0, 10);
            String tempDir = System.getenv("FEDERATED_IT_REDSHIFT_TEMPDIR");
            String unloadRole = System.getenv("FEDERATED_IT_REDSHIFT_UNLOAD_ROLE");
            if (tempDir != null && !tempDir.isBlank() && unloadRole != null && !unloadRole.isBlank()) {
                String bucket = java.net.URI.create(tempDir).getHost();
                String region = env("FEDERATED_IT_REDSHIFT_TEMPDIR_REGION", "us-east-1");
                var hadoop = spark.sparkContext().hadoopConfiguration();
                hadoop.set("fs.s3a.bucket." + bucket + ".endpoint", "s3." + region + ".amazonaws.com");
                hadoop.set("fs.s3a.bucket." + bucket + ".endpoint.region", region);
                hadoop.set("fs.s3a.bucket." + bucket + ".path.style.access", "false");
                hadoop.set("fs.s3a.bucket." + bucket + ".connection.ssl.enabled", "true");
                hadoop.set("fs.s3a.bucket." + bucket + ".aws.credentials.provider",
                        "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");
                options.forEach((k, v) -> spark.conf().set("spark.sql.catalog.realrs.schemas.u." + k, v));
                Map.of("read_method", "unload", "tempdir", tempDir, "unload_iam_role", unloadRole)
                        .forEach((k, v) -> spark.conf().set("spark.sql.catalog.realrs.schemas.u." + k, v));
                long viaJdbc = spark.sql("SELECT * FROM realrs.s.`" + table + "`").collectAsList().size();
                long viaUnload = spark.sql("SELECT * FROM realrs.u.`" + table + "`").collectAsList().size();
                assertThat(viaUnload).isEqualTo(viaJdbc);
            }
        } finally {
            if (sandboxKey != null) {
                System.setProperty("aws.accessKeyId", sandboxKey);
                System.setProperty("aws.secretAccessKey", sandboxSecret);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
