package io.sparkfederated.examples;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.sparkfederated.FederatedCatalog;
import io.sparkfederated.sandbox.LocalAws;
import io.sparkfederated.sandbox.MariaDbServer;
import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.sandbox.TpchLoader;
import io.trino.tpch.Nation;
import io.trino.tpch.TpchTable;

/**
 * The quickstart: a PostgreSQL database ({@code sales} with TPC-H orders and lineitem) and a MySQL
 * one ({@code crm} with customers) mapped as external schemas of the catalog {@code fed}, joined in
 * one Spark SQL query with a Spark-local DataFrame of nations.
 *
 * <p>With no arguments it starts a sandbox PostgreSQL and MariaDB and loads TPC-H data (no cloud
 * account). Given a properties file of {@code spark.sql.catalog.fed.schemas.*} settings, it runs the
 * same query against real databases holding the TPC-H tables.
 */
public final class Quickstart {

    static final String QUERY = """
            SELECT n.name AS nation,
                   count(DISTINCT o.o_orderkey) AS orders,
                   sum(l.l_extendedprice * (1 - l.l_discount)) AS revenue
            FROM fed.sales.orders o
            JOIN fed.sales.lineitem l ON l.l_orderkey = o.o_orderkey
            JOIN fed.crm.customer c ON c.c_custkey = o.o_custkey
            JOIN nations n ON n.nationkey = c.c_nationkey
            WHERE o.o_orderdate >= DATE '1995-01-01' AND o.o_orderdate < DATE '1996-01-01'
            GROUP BY n.name
            ORDER BY revenue DESC
            LIMIT 10""";

    private Quickstart() {
    }

    public static void main(String[] args) throws IOException {
        Properties settings = args.length > 0 ? readProperties(Path.of(args[0])) : startSandbox();
        SparkSession.Builder builder = SparkSession.builder()
                .master("local[*]")
                .appName("spark-federated quickstart")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.catalog.fed", FederatedCatalog.class.getName())
                // joins of tables of one database (orders and lineitem) run there as one query (Spark 4.1 on;
                // on 3.5 and 4.0 the switch is unknown and Spark joins the scans)
                .config("spark.sql.optimizer.datasourceV2JoinPushdown", "true");
        settings.stringPropertyNames().forEach(k -> builder.config(k, settings.getProperty(k)));
        SparkSession spark = builder.getOrCreate();
        try {
            nations(spark).createOrReplaceTempView("nations");
            System.out.println("External schemas:  " + spark.sql("SHOW NAMESPACES IN fed").collectAsList());
            System.out.println("\nRevenue by nation in 1995 (sales in PostgreSQL + crm in MySQL + a local DataFrame):\n" + QUERY + "\n");
            Dataset<Row> result = spark.sql(QUERY);
            result.show(false);
            System.out.println("EXPLAIN (each federated scan shows the SQL sent to PostgreSQL or MySQL):");
            System.out.println(result.queryExecution().executedPlan().treeString());
        } finally {
            spark.stop();
        }
    }

    /**
     * Starts a sandbox PostgreSQL ({@code sales}) and MariaDB ({@code crm}), and local AWS endpoints
     * holding each login as a Secrets Manager secret (as on AWS: no password in the configuration),
     * and returns the catalog settings for them.
     */
    static Properties startSandbox() {
        System.out.println("Starting a sandbox PostgreSQL and MariaDB, local AWS endpoints, and loading TPC-H (scale 0.01) ...");
        PostgresServer pg = PostgresServer.start();
        pg.recreateDatabase("sales");
        TpchLoader.load(pg, "sales", 0.01, TpchTable.ORDERS, TpchTable.LINE_ITEM);
        MariaDbServer mysql = MariaDbServer.start();
        mysql.recreateDatabase("crm");
        TpchLoader.load(mysql, "crm", 0.01, TpchTable.CUSTOMER);
        String crmPassword = java.util.UUID.randomUUID().toString();
        mysql.createReader("crm_reader", crmPassword, "crm");
        // the base AWS credentials the default chain finds (an instance profile would, on EMR)
        System.setProperty("aws.accessKeyId", LocalAws.BASE_ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", LocalAws.BASE_SECRET_ACCESS_KEY);
        LocalAws aws = LocalAws.start();
        String salesSecret = aws.createSecret("quickstart/sales-reader", "{\"username\":" + LocalAws.quote(pg.user())
                + ",\"password\":" + LocalAws.quote(pg.password()) + ",\"engine\":\"postgres\",\"host\":"
                + LocalAws.quote(pg.host()) + ",\"port\":" + pg.port() + "}");
        String crmSecret = aws.createSecret("quickstart/crm-reader", "{\"username\":\"crm_reader\",\"password\":"
                + LocalAws.quote(crmPassword) + "}");
        String role = LocalAws.roleArn("quickstart-reader");
        aws.allowAssumeRole(LocalAws.BASE_USER_ARN, role);
        aws.allowSecret(role, salesSecret);
        aws.allowSecret(role, crmSecret);
        Properties settings = new Properties();
        schema(settings, "sales", "postgres", salesSecret, role, aws); // host and port come from the RDS-style secret
        schema(settings, "crm", "mysql", crmSecret, role, aws);
        settings.setProperty("spark.sql.catalog.fed.schemas.crm.uri", mysql.host());
        settings.setProperty("spark.sql.catalog.fed.schemas.crm.port", Integer.toString(mysql.port()));
        System.out.println("Logins: Secrets Manager secrets " + salesSecret + " and " + crmSecret + ", read as " + role);
        return settings;
    }

    private static void schema(Properties settings, String db, String engine, String secretArn, String role, LocalAws aws) {
        String prefix = "spark.sql.catalog.fed.schemas." + db + ".";
        settings.setProperty(prefix + "engine", engine);
        settings.setProperty(prefix + "database", db);
        settings.setProperty(prefix + "secret_arn", secretArn);
        settings.setProperty(prefix + "iam_role", role);
        settings.setProperty(prefix + "secretsmanager_endpoint", aws.endpoint());
        settings.setProperty(prefix + "sts_endpoint", aws.endpoint());
    }

    private static Properties readProperties(Path file) throws IOException {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            settings.load(reader);
        }
        return settings;
    }

    /** A Spark-local DataFrame: the 25 TPC-H nations, generated in this JVM. */
    private static Dataset<Row> nations(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        for (Nation nation : TpchTable.NATION.createGenerator(1, 1, 1)) {
            rows.add(RowFactory.create(nation.getNationKey(), nation.getName()));
        }
        StructType schema = new StructType()
                .add("nationkey", DataTypes.LongType, false)
                .add("name", DataTypes.StringType, false);
        return spark.createDataFrame(rows, schema);
    }
}
