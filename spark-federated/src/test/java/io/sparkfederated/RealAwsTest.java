package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Opt-in: the same secret-based external schema against real AWS and a real database. Runs when
 * {@code FEDERATED_IT_AWS_SECRET_ARN} names an RDS-style secret (with host, port, dbname) readable
 * with this machine's AWS credentials; {@code FEDERATED_IT_AWS_IAM_ROLE} (role chain),
 * {@code FEDERATED_IT_SCHEMA} (remote schema) and {@code FEDERATED_IT_SSLMODE} are optional. Skipped,
 * saying so, otherwise.
 */
class RealAwsTest {

    @Test
    void aSecretOnRealAwsLogsInListsTablesAndReads() {
        String secretArn = System.getenv("FEDERATED_IT_AWS_SECRET_ARN");
        assumeTrue(secretArn != null && !secretArn.isBlank(),
                "FEDERATED_IT_AWS_SECRET_ARN is not set: the real-AWS credentials test is skipped");
        RealAws.withRealCredentials(() -> {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("engine", "postgres");
            options.put("secret_arn", secretArn);
            RealAws.putIfSet(options, "iam_role", "FEDERATED_IT_AWS_IAM_ROLE");
            RealAws.putIfSet(options, "schema", "FEDERATED_IT_SCHEMA");
            RealAws.putIfSet(options, "sslmode", "FEDERATED_IT_SSLMODE");
            SparkSession spark = TestEnv.spark();
            spark.conf().set("spark.sql.catalog.realaws", FederatedCatalog.class.getName());
            options.forEach((k, v) -> spark.conf().set("spark.sql.catalog.realaws.schemas.s." + k, v));
            spark.sql("SHOW TABLES IN realaws.s").collect(); // metadata on the driver
            options.put("query", "SELECT 1 AS one");
            options.remove("schema");
            assertThat(spark.read().format("federated").options(options).load().first().getInt(0)).isEqualTo(1); // a read on an executor
        });
    }
}
