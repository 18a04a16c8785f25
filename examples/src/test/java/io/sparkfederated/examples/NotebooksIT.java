package io.sparkfederated.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The notebooks cannot rot: every SQL statement in them (SQL cells, and the strings passed to
 * {@code spark.sql(…)} in Python cells) runs, in order, through {@code spark-submit} with the bundle
 * jar, the MySQL driver as the notebook adds it, and the notebook's own Spark configuration — with
 * the placeholder endpoints (RDS hosts, ports, secret ARNs, S3 paths) replaced by the sandbox's.
 */
class NotebooksIT {

    private static final Path NOTEBOOKS = Path.of(System.getProperty("notebooks.dir", "../notebooks"));
    private static final Pattern SPARK_SQL_CALL = Pattern.compile("spark\\.sql\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)");

    @BeforeAll
    static void setUp() {
        SparkSubmit.startSandbox();
    }

    @Test
    void theEmrStudioNotebookRuns() throws Exception {
        JsonNode notebook = new ObjectMapper().readTree(NOTEBOOKS.resolve("emr-studio-spark-federated.ipynb").toFile());
        Map<String, String> conf = new LinkedHashMap<>();
        List<String> statements = new ArrayList<>();
        for (JsonNode cell : notebook.get("cells")) {
            if (!cell.get("cell_type").asText().equals("code")) {
                continue;
            }
            StringBuilder source = new StringBuilder();
            cell.get("source").forEach(line -> source.append(line.asText()));
            String text = source.toString();
            if (text.startsWith("%%configure")) {
                new ObjectMapper().readTree(text.substring(text.indexOf('{'))).get("conf").fields()
                        .forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
            } else if (text.startsWith("%%sql")) {
                statements.add(text.substring("%%sql".length()).strip());
            } else {
                statements.addAll(sparkSqlCalls(text));
            }
        }
        assertThat(conf.remove("spark.jars")).as("the notebook adds the bundle jar").endsWith("-bundle.jar");
        assertThat(conf.get("spark.jars.packages")).as("the notebook adds the MySQL driver").isEqualTo(SparkSubmit.MYSQL_PACKAGE);
        String out = runNotebook(List.of("--jars", SparkSubmit.bundleJar().toString()), conf, statements);
        assertThat(out).contains("|apg ").contains("|orders ");                 // SHOW TABLES IN fed.apg
        assertThat(out).containsPattern("\\|(ALGERIA|ARGENTINA|BRAZIL|CANADA|EGYPT) +\\|");   // joined with the Parquet
        assertThat(out).contains("RemoteSQL: SELECT");                           // EXPLAIN FORMATTED
        assertThat(out).contains("{\"URI\":");                                   // svv_external_schemas.esoptions
        assertMySqlJoin(out);
    }

    @Test
    void theDatabricksNotebookRuns() throws Exception {
        String source = Files.readString(NOTEBOOKS.resolve("databricks-spark-federated.py"));
        assertThat(source).startsWith("# Databricks notebook source");
        Map<String, String> conf = new LinkedHashMap<>();
        List<String> statements = new ArrayList<>();
        for (String cell : source.split("\n# COMMAND ----------\n")) {
            String text = cell.strip();
            if (text.startsWith("# MAGIC %md") || text.startsWith("# Databricks notebook source")) {
                // the cluster's Spark config: the ``` block of "key value" lines
                Matcher block = Pattern.compile("# MAGIC ```\n(.*?)# MAGIC ```", Pattern.DOTALL).matcher(text);
                while (block.find()) {
                    for (String line : block.group(1).split("\n")) {
                        String[] kv = line.replaceFirst("^# MAGIC ", "").strip().split("\\s+", 2);
                        conf.put(kv[0], kv[1]);
                    }
                }
            } else if (text.startsWith("# MAGIC %sql")) {
                statements.add(text.lines().skip(1).map(l -> l.replaceFirst("^# MAGIC ?", "")).reduce((a, b) -> a + "\n" + b)
                        .orElse("").strip());
            } else {
                statements.addAll(sparkSqlCalls(text));
            }
        }
        assertThat(conf).containsKeys("spark.sql.extensions", "spark.sql.catalog.fed");
        // the cluster library the notebook names, given as a user of spark-submit would
        assertThat(source).contains("Maven library `" + SparkSubmit.MYSQL_PACKAGE + "`");
        String out = runNotebook(SparkSubmit.bundleAndMySqlDriver(), conf, statements);
        assertThat(out).contains("|orders ");
        assertThat(out).containsPattern("\\|(ALGERIA|ARGENTINA|BRAZIL|CANADA|EGYPT) +\\|");
        assertThat(out).contains("RemoteSQL: SELECT");
        assertThat(out).contains("|apg         |orders ");                       // information_schema.tables
        assertMySqlJoin(out);
    }

    /** The MySQL customers joined with the PostgreSQL orders: the answer PostgreSQL gives over its own copy of the customers. */
    private static void assertMySqlJoin(String out) throws Exception {
        try (java.sql.Connection c = SparkSubmit.postgres().connect("sales"); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT c_mktsegment, count(*), count(DISTINCT c_custkey) FROM orders"
                     + " JOIN customer ON c_custkey = o_custkey WHERE o_orderdate >= DATE '1995-01-01'"
                     + " AND o_orderdate < DATE '1996-01-01' GROUP BY 1")) {
            int rows = 0;
            while (rs.next()) {
                assertThat(out).containsPattern("\\|" + rs.getString(1) + " *\\|" + rs.getLong(2) + " *\\|" + rs.getLong(3) + " *\\|");
                rows++;
            }
            assertThat(rows).isEqualTo(5);
        }
    }

    private static List<String> sparkSqlCalls(String python) {
        List<String> calls = new ArrayList<>();
        Matcher m = SPARK_SQL_CALL.matcher(python);
        while (m.find()) {
            calls.add(m.group(1).replace("\\\"", "\""));
        }
        return calls;
    }

    /** Runs the statements (placeholders replaced) after writing the Parquet the notebook joins with. */
    private static String runNotebook(List<String> jars, Map<String, String> notebookConf, List<String> statements) throws Exception {
        Path work = Files.createTempDirectory("spark-federated-notebook-");
        Map<String, String> placeholders = new LinkedHashMap<>();
        placeholders.put("5432", Integer.toString(SparkSubmit.postgres().port()));
        placeholders.put("3306", Integer.toString(SparkSubmit.mysql().port()));
        placeholders.put("mydb.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com", SparkSubmit.postgres().host());
        placeholders.put("crm.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com", SparkSubmit.mysql().host());
        placeholders.put("arn:aws:secretsmanager:us-east-1:123456789012:secret:emr/sales-reader-AbCdEf", SparkSubmit.secretArn());
        placeholders.put("arn:aws:secretsmanager:us-east-1:123456789012:secret:emr/crm-reader-AbCdEf", SparkSubmit.mysqlSecretArn());
        placeholders.put("s3://my-bucket/spark-federated/registry", work.resolve("registry").toUri().toString());
        placeholders.put("s3://my-bucket/tpch/nation/", work.resolve("nation").toUri().toString());
        assertThat(SparkSubmit.ROLE).isEqualTo("arn:aws:iam::123456789012:role/emr-federated-reader"); // used as written

        StringBuilder script = new StringBuilder("INSERT OVERWRITE DIRECTORY '" + work.resolve("nation").toUri()
                + "' USING parquet SELECT * FROM VALUES (0L, 'ALGERIA'), (1L, 'ARGENTINA'), (2L, 'BRAZIL'), (3L, 'CANADA'),"
                + " (4L, 'EGYPT') AS nation(n_nationkey, n_name);\n");
        for (String statement : statements) {
            script.append(replace(statement, placeholders)).append(";\n");
        }
        Path file = work.resolve("notebook.sql");
        Files.writeString(file, script);
        Map<String, String> conf = new LinkedHashMap<>();
        notebookConf.forEach((k, v) -> conf.put(k, replace(v, placeholders)));
        List<String> args = new ArrayList<>(SparkSubmit.sandboxConf());
        args.addAll(SparkSubmit.conf(conf));
        String out = SparkSubmit.runWith(jars, args, "io.sparkfederated.examples.RunSqlFile", file.toString());
        assertThat(out).contains("statements OK").doesNotContain(SparkSubmit.postgres().password());
        return out;
    }

    /** Replaces the placeholders in one pass, so a replacement (a port, say) is never itself replaced. */
    private static String replace(String text, Map<String, String> placeholders) {
        String keys = placeholders.keySet().stream().map(Pattern::quote).collect(java.util.stream.Collectors.joining("|"));
        return Pattern.compile(keys).matcher(text).replaceAll(m -> Matcher.quoteReplacement(placeholders.get(m.group())));
    }
}
