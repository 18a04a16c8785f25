package io.sparkfederated.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bundle jar under {@code spark-submit}: a SQL file creates an external schema with Redshift's
 * DDL, a second application (a new JVM) finds it in the registry and queries it with a Java job,
 * and a third drops it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkSubmitIT {

    @BeforeAll
    static void setUp() {
        SparkSubmit.startSandbox();
    }

    @Test
    @Order(1)
    void theBundleCarriesRelocatedDependenciesAndNoSpark() throws Exception {
        try (ZipFile bundle = new ZipFile(SparkSubmit.bundleJar().toFile())) {
            List<String> names = bundle.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("io/sparkfederated/FederatedCatalog.class",
                    "io/sparkfederated/shaded/org/postgresql/Driver.class",
                    "io/sparkfederated/shaded/com/amazon/redshift/Driver.class",
                    "META-INF/services/org.apache.spark.sql.sources.DataSourceRegister");
            assertThat(names).anyMatch(n -> n.startsWith("io/sparkfederated/shaded/software/amazon/awssdk/services/secretsmanager/"));
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/")
                    || n.startsWith("org/apache/hadoop/") || n.startsWith("org/postgresql/") || n.startsWith("com/amazon/")
                    || n.startsWith("software/amazon/") || n.startsWith("org/slf4j/") || n.startsWith("com/fasterxml/"));
        }
    }

    @Test
    @Order(2)
    void aSqlFileCreatesAnExternalSchemaAndQueriesIt() throws Exception {
        String out = SparkSubmit.run(SparkSubmit.clusterConf(), "io.sparkfederated.examples.RunSqlFile", "sql/tour.sql");
        assertThat(out).contains("RunSqlFile: 5 statements OK");
        assertThat(out).contains("|lineitem ").contains("|orders ");          // SHOW TABLES
        assertThat(out).contains("1-URGENT").contains("5-LOW");              // the aggregate
        assertThat(out).contains("RemoteSQL: SELECT");                         // EXPLAIN shows the pushed-down SQL
        assertThat(out).contains("|o_orderkey ").contains("|bigint ");        // svv_external_columns
        assertThat(out).doesNotContain(SparkSubmit.postgres().password());
    }

    @Test
    @Order(3)
    void aJavaJobInANewApplicationFindsTheSchemaInTheRegistry() throws Exception {
        String out = SparkSubmit.run(SparkSubmit.clusterConf(), "io.sparkfederated.examples.FederatedJob", "sales");
        assertThat(out).containsPattern("External schemas: \\[.*\\[sales\\]");
        assertThat(out).contains("1-URGENT").contains("FederatedJob: OK");
        if (io.sparkfederated.spark.SparkLine.current().pushesJoins()) {
            assertThat(out).containsPattern("RemoteSQL: SELECT .* JOIN ");    // orders ⋈ lineitem ran in PostgreSQL
        } else {
            assertThat(out).contains("JoinPushdown: none on Spark");         // 3.5 and 4.0: Spark joins the two scans
        }
    }

    @Test
    @Order(4)
    void aThirdApplicationDropsIt() throws Exception {
        String out = SparkSubmit.run(SparkSubmit.clusterConf(), "io.sparkfederated.examples.RunSqlFile", "sql/cleanup.sql");
        assertThat(out).contains("RunSqlFile: 3 statements OK");
        assertThat(out.substring(out.lastIndexOf("> SHOW NAMESPACES"))).doesNotContain("|sales");
    }

    @Test
    @Order(6)
    void theBundlesRelocatedRedshiftDriverReadsRedshift() throws Exception {
        java.nio.file.Path sql = java.nio.file.Files.createTempFile("redshift-", ".sql");
        java.nio.file.Files.writeString(sql, String.join(";\n",
                "CREATE EXTERNAL SCHEMA IF NOT EXISTS warehouse FROM REDSHIFT DATABASE 'sales' SCHEMA 'public'"
                        + " URI '" + SparkSubmit.redshift().host() + "' PORT " + SparkSubmit.redshift().port()
                        + " IAM_ROLE '" + SparkSubmit.ROLE + "' SECRET_ARN '" + SparkSubmit.redshiftSecretArn() + "'",
                "SELECT count(*) AS customers FROM fed.warehouse.customer WHERE c_custkey <= 100",
                "DROP SCHEMA warehouse") + ";\n");
        String out = SparkSubmit.run(SparkSubmit.clusterConf(), "io.sparkfederated.examples.RunSqlFile", sql.toString());
        assertThat(out).contains("RunSqlFile: 3 statements OK").containsPattern("\\|100 +\\|");
    }

    @Test
    @Order(5)
    void theThinJarWorksWithTheReadmesPackagesLine() throws Exception {
        String out = SparkSubmit.runWith(SparkSubmit.thinJarAndPackages(), SparkSubmit.clusterConf(),
                "io.sparkfederated.examples.RunSqlFile", "sql/tour.sql");
        assertThat(out).contains("RunSqlFile: 5 statements OK").contains("RemoteSQL: SELECT");
        assertThat(SparkSubmit.run(SparkSubmit.clusterConf(), "io.sparkfederated.examples.RunSqlFile", "sql/cleanup.sql"))
                .contains("RunSqlFile: 3 statements OK");
    }
}
