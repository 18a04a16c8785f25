package io.sparkfederated.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.sparkfederated.FederatedCatalog;
import io.sparkfederated.FederatedSqlExtensions;
import io.sparkfederated.sandbox.LocalAws;
import io.sparkfederated.sandbox.LocalS3;
import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.sandbox.RedshiftEndpoint;
import io.sparkfederated.sandbox.TpchLoader;
import io.trino.tpch.TpchTable;

/**
 * The Redshift documentation's federated example in Spark: TPC-H {@code lineitem} spread over
 * three places — Parquet on S3, a Redshift table and an Aurora PostgreSQL table — combined by one
 * view, then queried with the documentation's two queries. The answers are checked against the
 * same queries over the whole table in one place.
 *
 * <pre>mvn -B -q -DskipTests -Plineitem-all -pl examples -am verify</pre>
 *
 * Runs against the sandbox (PostgreSQL, the Redshift-compatible endpoint, S3, Secrets Manager); no
 * cloud account needed.
 */
public final class LineitemAll {

    static final String VIEW = """
            CREATE OR REPLACE TEMP VIEW lineitem_all AS
              SELECT * FROM parquet.`s3a://lake/lineitem_1t_part/`
              UNION ALL SELECT * FROM fed.warehouse.lineitem
              UNION ALL SELECT * FROM fed.apg.lineitem""";
    static final String COUNT = "SELECT count(*) FROM %s WHERE l_quantity = 10";
    static final String BY_MONTH = """
            SELECT extract(year FROM l_shipdate) AS year, extract(month FROM l_shipdate) AS month, count(*) AS lines
            FROM %s
            WHERE extract(month FROM l_shipdate) = 1 AND l_quantity < 2
            GROUP BY 1, 2 ORDER BY 1, 2""";

    private LineitemAll() {
    }

    public static void main(String[] args) throws Exception {
        if (!run()) {
            System.exit(1);
        }
    }

    /** Runs the example against a fresh sandbox; true when every federated answer matched the reference. */
    static boolean run() throws Exception {
        System.out.println("Starting the sandbox: PostgreSQL, a Redshift-compatible endpoint, S3 and Secrets Manager ...");
        PostgresServer pg = PostgresServer.start();
        for (String db : List.of("aurora", "redshift", "full")) {
            pg.recreateDatabase(db);
            TpchLoader.load(pg, db, 0.01, TpchTable.LINE_ITEM);
        }
        // a third of the orders in each place: Aurora keeps l_orderkey % 3 = 0, Redshift 1, S3 2
        pg.execute("aurora", "DELETE FROM lineitem WHERE l_orderkey % 3 <> 0");
        pg.execute("redshift", "DELETE FROM lineitem WHERE l_orderkey % 3 <> 1");
        LocalS3 s3 = LocalS3.start();
        s3.createBucket("lake");
        RedshiftEndpoint redshift = RedshiftEndpoint.start(pg, s3); // its UNLOAD writes to the sandbox S3
        System.setProperty("aws.accessKeyId", LocalAws.BASE_ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", LocalAws.BASE_SECRET_ACCESS_KEY);
        LocalAws aws = LocalAws.start();
        String role = LocalAws.roleArn("federated-reader");
        String auroraSecret = aws.createSecret("apg/reader", login(pg.user(), pg.password()));
        String redshiftSecret = aws.createSecret("redshift/reader", login(redshift.user(), redshift.password()));
        aws.allowAssumeRole(LocalAws.BASE_USER_ARN, role);
        aws.allowSecret(role, auroraSecret);
        aws.allowSecret(role, redshiftSecret);
        Path registry = Files.createTempDirectory("lineitem-all-registry-");

        SparkSession.Builder builder = SparkSession.builder().master("local[*]").appName("spark-federated: lineitem_all")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.extensions", FederatedSqlExtensions.class.getName())
                .config("spark.sql.catalog.fed", FederatedCatalog.class.getName())
                .config("spark.sql.catalog.fed.registry", registry.toUri().toString())
                .config("spark.sql.catalog.fed.defaults.secretsmanager_endpoint", aws.endpoint())
                .config("spark.sql.catalog.fed.defaults.sts_endpoint", aws.endpoint())
                // Redshift scans read through UNLOAD to S3 (Parquet); the sandbox's tables are small, so the size
                // from which UNLOAD is chosen is 0 MB here (default 100)
                .config("spark.sql.catalog.fed.defaults.tempdir", "s3a://lake/redshift-unload")
                .config("spark.sql.catalog.fed.defaults.unload_iam_role", LocalAws.roleArn("redshift-unload"))
                .config("spark.sql.catalog.fed.defaults.unload_threshold_mb", "0");
        s3.s3aSettings().forEach((k, v) -> builder.config("spark.hadoop." + k, v));
        SparkSession spark = builder.getOrCreate();
        try {
            run(spark, "CREATE EXTERNAL SCHEMA apg FROM POSTGRES DATABASE 'aurora' SCHEMA 'public' URI '" + pg.host()
                    + "' PORT " + pg.port() + " IAM_ROLE '" + role + "' SECRET_ARN '" + auroraSecret + "'");
            run(spark, "CREATE EXTERNAL SCHEMA warehouse FROM REDSHIFT DATABASE 'redshift' SCHEMA 'public' URI '"
                    + redshift.host() + "' PORT " + redshift.port() + " IAM_ROLE '" + role + "' SECRET_ARN '" + redshiftSecret + "'");
            run(spark, "CREATE EXTERNAL SCHEMA everything FROM POSTGRES DATABASE 'full' SCHEMA 'public' URI '" + pg.host()
                    + "' PORT " + pg.port() + " IAM_ROLE '" + role + "' SECRET_ARN '" + auroraSecret + "'");
            System.out.println("\nWriting the S3 third as Parquet: s3a://lake/lineitem_1t_part/");
            spark.sql("SELECT * FROM fed.everything.lineitem WHERE l_orderkey % 3 = 2").write().mode("overwrite")
                    .parquet("s3a://lake/lineitem_1t_part/");

            run(spark, VIEW);
            boolean same = true;
            for (String query : List.of(COUNT, BY_MONTH)) {
                Dataset<Row> federated = spark.sql(query.formatted("lineitem_all"));
                System.out.println("\n" + query.formatted("lineitem_all"));
                List<Row> rows = federated.collectAsList();
                federated.show(false);
                List<Row> reference = spark.sql(query.formatted("fed.everything.lineitem")).collectAsList();
                System.out.println("same answer as the whole table in one database: " + rows.equals(reference));
                same &= rows.equals(reference);
                System.out.println("EXPLAIN (one scan per source; RemoteSQL is what Redshift and PostgreSQL ran):");
                System.out.println(federated.queryExecution().executedPlan().treeString());
            }
            System.out.println("UNLOAD statements Redshift ran: " + redshift.unloads().size()
                    + "; files left under s3://lake/redshift-unload/: "
                    + s3.keys("lake").stream().filter(k -> k.startsWith("redshift-unload/")).count());
            System.out.println(same ? "lineitem_all: all answers match" : "lineitem_all: ANSWERS DIFFER");
            return same;
        } finally {
            spark.stop();
        }
    }

    private static void run(SparkSession spark, String sql) {
        System.out.println("\n" + sql);
        spark.sql(sql);
    }

    private static String login(String user, String password) {
        return "{\"username\":" + LocalAws.quote(user) + ",\"password\":" + LocalAws.quote(password) + "}";
    }
}
