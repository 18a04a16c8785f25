package io.sparkfederated.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.FederatedCatalog;
import io.sparkfederated.RealAws;
import io.sparkfederated.TestEnv;
import io.sparkfederated.sandbox.LocalAws;
import io.sparkfederated.sandbox.MariaDbServer;

/**
 * MySQL logins from AWS: an RDS-style Secrets Manager secret (login, host, port, dbname) read through
 * an IAM role chain fills a MySQL schema that names only the engine, the secret and the roles. RDS IAM
 * database authentication needs a real RDS instance: {@link #rdsIamAuthOnARealInstance} is opt-in.
 */
class MySqlCredentialsTest {

    private static final String DB = "my_cred";
    private static final String ROLE_SPARK = LocalAws.roleArn("mysql-spark-cluster");
    private static final String ROLE_DB = LocalAws.roleArn("mysql-db-reader");
    private static final String PASSWORD = "My-S3cret!pw-" + Long.toHexString(System.nanoTime());

    private static SparkSession spark;
    private static MariaDbServer my;
    private static LocalAws aws;
    private static String secretArn;

    @BeforeAll
    static void setUp() {
        spark = MySqlTestEnv.spark();
        my = MySqlTestEnv.server();
        aws = TestEnv.aws();
        my.recreateDatabase(DB);
        my.execute(DB, "CREATE TABLE accounts (id int PRIMARY KEY, owner varchar(20))",
                "INSERT INTO accounts VALUES (1, 'ada'), (2, 'grace')");
        my.createReader("my_app_reader", PASSWORD, DB);
        secretArn = aws.createSecret("prod/mysql-app-reader", "{\"username\":\"my_app_reader\",\"password\":"
                + LocalAws.quote(PASSWORD) + ",\"engine\":\"mysql\",\"host\":\"" + my.host() + "\",\"port\":" + my.port()
                + ",\"dbname\":\"" + DB + "\"}");
        aws.allowAssumeRole(LocalAws.BASE_USER_ARN, ROLE_SPARK);
        aws.allowAssumeRole(ROLE_SPARK, ROLE_DB);
        aws.allowSecret(ROLE_DB, secretArn);
    }

    @Test
    void anRdsSecretThroughARoleChainFillsHostPortAndDatabase() {
        aws.clearCalls();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("engine", "mysql");
        options.put("secret_arn", secretArn);
        options.put("iam_role", ROLE_SPARK + "," + ROLE_DB);
        options.put("secretsmanager_endpoint", aws.endpoint());
        options.put("sts_endpoint", aws.endpoint());
        options.put("secret_cache_ttl", "0");
        spark.conf().set("spark.sql.catalog.mysec", FederatedCatalog.class.getName());
        options.forEach((k, v) -> spark.conf().set("spark.sql.catalog.mysec.schemas.s." + k, v));

        List<Row> rows = spark.sql("SELECT id, owner FROM mysec.s.accounts ORDER BY id").collectAsList();
        assertThat(rows).extracting(Row::toString).containsExactly("[1,ada]", "[2,grace]");
        assertThat(aws.calls()).contains("AssumeRole " + ROLE_SPARK + " by " + LocalAws.BASE_USER_ARN,
                "AssumeRole " + ROLE_DB + " by " + ROLE_SPARK, "GetSecretValue " + secretArn + " by " + ROLE_DB);
        String described = spark.sql("DESCRIBE NAMESPACE EXTENDED mysec.s").collectAsList().toString();
        assertThat(described).contains(my.host(), Integer.toString(my.port()), DB).doesNotContain(PASSWORD);
        // a one-off read with the same options (host and database from the secret, read on an executor)
        options.put("dbtable", "accounts");
        assertThat(spark.read().format("federated").options(options).load().count()).isEqualTo(2);
    }

    /**
     * Opt-in: RDS IAM database authentication against a real RDS / Aurora MySQL instance, the token sent
     * with mysql_clear_password over TLS. Runs when {@code FEDERATED_IT_MYSQL_IAM_HOST},
     * {@code FEDERATED_IT_MYSQL_IAM_USER} (a user created WITH AWSAuthenticationPlugin) and
     * {@code FEDERATED_IT_MYSQL_IAM_DATABASE} are set, with this machine's AWS credentials allowed
     * rds-db:connect; {@code FEDERATED_IT_MYSQL_IAM_PORT}, {@code _REGION} and {@code _SSLMODE} are optional.
     */
    @Test
    void rdsIamAuthOnARealInstance() {
        String host = System.getenv("FEDERATED_IT_MYSQL_IAM_HOST");
        assumeTrue(host != null && !host.isBlank(), "FEDERATED_IT_MYSQL_IAM_HOST is not set: the RDS IAM test for MySQL is skipped");
        RealAws.withRealCredentials(() -> {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("engine", "mysql");
            options.put("uri", host);
            options.put("user", System.getenv("FEDERATED_IT_MYSQL_IAM_USER"));
            options.put("database", System.getenv("FEDERATED_IT_MYSQL_IAM_DATABASE"));
            options.put("auth", "iam");
            RealAws.putIfSet(options, "port", "FEDERATED_IT_MYSQL_IAM_PORT");
            RealAws.putIfSet(options, "region", "FEDERATED_IT_MYSQL_IAM_REGION");
            RealAws.putIfSet(options, "sslmode", "FEDERATED_IT_MYSQL_IAM_SSLMODE");
            options.put("query", "SELECT CURRENT_USER() AS u, @@ssl_cipher AS cipher");
            Row row = spark.read().format("federated").options(options).load().first();
            assertThat(row.getString(0)).startsWith(options.get("user") + "@");
            assertThat(row.getString(1)).as("the session's TLS cipher").isNotBlank();
        });
    }
}
