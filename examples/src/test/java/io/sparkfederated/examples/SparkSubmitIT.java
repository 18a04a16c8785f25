package io.sparkfederated.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
            // the MySQL driver's licence keeps it out of the bundle, relocated or not
            assertThat(names).noneMatch(n -> n.contains("com/mysql/") || n.contains("org/mariadb/"));
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
        if (io.sparkfederated.read.ScanBuilders.pushJoins()) {
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
    @Order(7)
    void aMySqlSchemaJoinsAPostgresOneWithTheDriverFromPackages() throws Exception {
        assertThat(Files.readString(Path.of("../README.md"))).contains("--packages " + SparkSubmit.MYSQL_PACKAGE);
        String out = SparkSubmit.runWith(SparkSubmit.bundleAndMySqlDriver(), SparkSubmit.clusterConf(),
                "io.sparkfederated.examples.RunSqlFile", "sql/mysql.sql");
        assertThat(out).contains("RunSqlFile: 8 statements OK");
        assertThat(out).contains("|customer ");                                  // SHOW TABLES IN fed.crm
        assertThat(out).contains("RemoteSQL: SELECT `c_nationkey`");              // MySQL's quoting: the count ran in MySQL
        assertThat(out).containsPattern("\\|crm +\\|8 +\\|crm +\\|");                  // svv_external_schemas: eskind 8 is MySQL
        // the answers, from PostgreSQL's own copy of the same TPC-H customers
        for (String row : postgresRows("SELECT c_nationkey, count(*) FROM customer WHERE c_nationkey <= 4 GROUP BY 1")) {
            assertThat(out).containsPattern(row);
        }
        List<String> joined = postgresRows("SELECT c_mktsegment, count(*), count(DISTINCT c_custkey) FROM orders"
                + " JOIN customer ON c_custkey = o_custkey WHERE o_orderdate >= DATE '1995-01-01'"
                + " AND o_orderdate < DATE '1996-01-01' GROUP BY 1");
        assertThat(joined).hasSize(5);
        joined.forEach(row -> assertThat(out).containsPattern(row));
        assertThat(out).doesNotContain(SparkSubmit.mysql().password());
    }

    /** Each row of a query on the sandbox PostgreSQL's {@code sales}, as a pattern of Spark's {@code show()} line. */
    private static List<String> postgresRows(String sql) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = SparkSubmit.postgres().connect("sales"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder("\\|");
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(java.util.regex.Pattern.quote(rs.getString(i))).append(" *\\|");
                }
                rows.add(row.toString());
            }
        }
        return rows;
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
