package io.sparkfederated.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Java Spark job over external schemas, for {@code spark-submit} with the bundle jar. It uses only
 * Spark's API: the catalog {@code fed} and its schemas come from the job's configuration (conf or a
 * registry filled by {@code CREATE EXTERNAL SCHEMA}), the connector from {@code --jars}.
 * <pre>
 * spark-submit --jars spark-federated-…-bundle.jar \
 *   --conf spark.sql.catalog.fed=io.sparkfederated.FederatedCatalog --conf spark.sql.catalog.fed.registry=… \
 *   --class io.sparkfederated.examples.FederatedJob examples-….jar sales
 * </pre>
 * Argument: the external schema holding TPC-H {@code orders} and {@code lineitem}.
 */
public final class FederatedJob {

    private FederatedJob() {
    }

    public static void main(String[] args) {
        String schema = args.length > 0 ? args[0] : "sales";
        SparkSession spark = SparkSession.builder().appName("spark-federated Java job").getOrCreate();
        try {
            System.out.println("External schemas: " + spark.sql("SHOW NAMESPACES IN fed").collectAsList());
            Dataset<Row> orders = spark.table("fed." + schema + ".orders");
            Dataset<Row> lineitem = spark.table("fed." + schema + ".lineitem");
            Dataset<Row> revenue = orders
                    .filter(col("o_orderdate").geq("1995-01-01").and(col("o_orderdate").lt("1996-01-01")))
                    .join(lineitem, col("l_orderkey").equalTo(col("o_orderkey")))
                    .groupBy(col("o_orderpriority"))
                    .agg(count("*").as("lines"), sum(col("l_extendedprice")).as("gross"))
                    .orderBy(col("o_orderpriority"));
            revenue.show(false);
            System.out.println("EXPLAIN:\n" + revenue.queryExecution().executedPlan().treeString());
            System.out.println("FederatedJob: OK");
        } finally {
            spark.stop();
        }
    }
}
