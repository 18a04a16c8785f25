package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.PostgresServer;
import io.sparkfederated.sandbox.RedshiftEndpoint;

/**
 * engine=redshift through the real Redshift JDBC driver, against the sandbox's Redshift-compatible
 * endpoint (a PostgreSQL behind a protocol proxy: Redshift's SQL dialect itself is not emulated).
 */
class RedshiftTest {

    private static final String DB = "fed_redshift";
    private static SparkSession spark;
    private static RedshiftEndpoint redshift;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        PostgresServer pg = TestEnv.postgres();
        pg.recreateDatabase(DB);
        RedshiftEndpoint.addRedshiftTypes(pg, DB);
        pg.execute(DB,
                "CREATE TABLE documents (id integer, doc super, raw varbyte, shape geometry)",
                "INSERT INTO documents VALUES (1, '{\"a\": [1, 2], \"b\": \"x\"}', '\\x00ff10', 'SRID=4326;POINT(1 2)'),"
                        + " (2, NULL, NULL, NULL)",
                "CREATE TABLE customer (c_custkey bigint NOT NULL, c_name varchar(25), c_nationkey integer,"
                        + " c_acctbal numeric(12,2), c_flag boolean, c_since date, c_seen timestamp, c_code char(4), c_rate real)",
                "INSERT INTO customer VALUES (1, 'Customer#1', 15, 711.56, true, '2020-01-31', '2021-05-06 07:08:09.123456', 'AB', 1.5),"
                        + " (2, 'Customer#2', 13, 121.65, false, NULL, NULL, 'C  ', NULL),"
                        + " (3, NULL, 1, -0.01, NULL, '1999-12-31', '1999-12-31 23:59:59', NULL, -2.25)",
                "CREATE VIEW rich AS SELECT c_custkey, c_name FROM customer WHERE c_acctbal > 100");
        redshift = RedshiftEndpoint.start(pg);
        Map<String, String> options = Map.of("engine", "redshift", "uri", redshift.host(), "port", Integer.toString(redshift.port()),
                "database", DB, "user", redshift.user(), "password", redshift.password());
        spark.conf().set("spark.sql.catalog.rsfed", FederatedCatalog.class.getName());
        options.forEach((k, v) -> spark.conf().set("spark.sql.catalog.rsfed.schemas.public." + k, v));
    }

    @Test
    void tablesViewsAndTypesComeFromRedshiftsCatalog() {
        assertThat(spark.sql("SHOW TABLES IN rsfed.public").collectAsList()).extracting(r -> r.getString(1))
                .contains("customer", "rich");
        Map<String, String> types = spark.sql("DESCRIBE TABLE rsfed.public.customer").collectAsList().stream()
                .filter(r -> !r.getString(0).isEmpty() && !r.getString(0).startsWith("#"))
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1), (a, b) -> a));
        assertThat(types).containsEntry("c_custkey", "bigint").containsEntry("c_name", "string")
                .containsEntry("c_nationkey", "int").containsEntry("c_acctbal", "decimal(12,2)")
                .containsEntry("c_flag", "boolean").containsEntry("c_since", "date").containsEntry("c_seen", "timestamp_ntz")
                .containsEntry("c_code", "string").containsEntry("c_rate", "float");
        assertThat(spark.table("rsfed.public.customer").schema().apply("c_custkey").nullable()).isFalse();
    }

    @Test
    void superVarbyteAndGeometryArriveAsJsonTextBytesAndExtendedWkt() {
        Map<String, String> types = spark.sql("DESCRIBE TABLE rsfed.public.documents").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1), (a, b) -> a));
        assertThat(types).containsEntry("doc", "string").containsEntry("raw", "binary").containsEntry("shape", "string");
        Dataset<Row> df = spark.sql("SELECT * FROM rsfed.public.documents ORDER BY id");
        assertThat(TestEnv.remoteSql(df)).contains("json_serialize(\"doc\") AS \"doc\"").contains("st_asewkt(\"shape\") AS \"shape\"");
        List<Row> rows = df.collectAsList();
        assertThat(rows.get(0).getString(1)).isEqualTo("{\"a\": [1, 2], \"b\": \"x\"}");
        assertThat((byte[]) rows.get(0).get(2)).containsExactly(0, 0xff, 0x10);
        assertThat(rows.get(0).getString(3)).isEqualTo("SRID=4326;POINT(1 2)");
        assertThat(rows.get(1).isNullAt(1) && rows.get(1).isNullAt(2) && rows.get(1).isNullAt(3)).isTrue();
    }

    @Test
    void theQueryOptionReadsARedshiftSelectAndFiltersOnTopOfIt() {
        Dataset<Row> df = spark.read().format("federated").option("engine", "redshift").option("uri", redshift.host())
                .option("port", redshift.port()).option("database", DB).option("user", redshift.user())
                .option("password", redshift.password())
                .option("query", "SELECT c_custkey, c_acctbal * 2 AS doubled, c_name FROM customer WHERE c_code IS NOT NULL;")
                .load();
        assertThat(df.schema().apply("c_custkey").dataType().simpleString()).isEqualTo("bigint");
        assertThat(df.schema().apply("doubled").dataType().simpleString()).startsWith("decimal");
        Dataset<Row> filtered = df.where("c_custkey > 1");
        assertThat(TestEnv.remoteSql(filtered)).contains("AS \"q\"").contains("(\"c_custkey\") > ");
        List<Row> rows = filtered.collectAsList();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getDecimal(1)).isEqualByComparingTo(new BigDecimal("243.30"));
        assertThat(spark.read().format("federated").option("engine", "redshift").option("uri", redshift.host())
                .option("port", redshift.port()).option("database", DB).option("user", redshift.user())
                .option("password", redshift.password()).option("query", "SELECT c_custkey FROM customer -- all")
                .load().where("c_custkey > 2").collectAsList().toString()).isEqualTo("[[3]]");
        assertThat(TestEnv.failureMessages(() -> spark.read().format("federated").option("engine", "redshift")
                .option("uri", redshift.host()).option("port", redshift.port()).option("database", DB)
                .option("user", redshift.user()).option("password", redshift.password())
                .option("query", "SELECT c_custkey, c_custkey FROM customer").load()))
                .contains("more than one column named 'c_custkey'");
    }

    @Test
    void rowsArriveWithNullsDecimalsDatesAndTimestamps() {
        List<Row> rows = spark.sql("SELECT * FROM rsfed.public.customer ORDER BY c_custkey").collectAsList();
        assertThat(rows).hasSize(3);
        Row first = rows.get(0);
        assertThat(first.getString(1)).isEqualTo("Customer#1");
        assertThat(first.getDecimal(3)).isEqualByComparingTo(new BigDecimal("711.56"));
        assertThat(first.getBoolean(4)).isTrue();
        assertThat((Object) first.get(5)).isEqualTo(LocalDate.of(2020, 1, 31));
        assertThat(first.get(6).toString()).isEqualTo("2021-05-06T07:08:09.123456");
        assertThat(first.getString(7)).isEqualTo("AB"); // char(4), without its trailing blanks
        assertThat(rows.get(1).isNullAt(5)).isTrue();
        assertThat(rows.get(2).isNullAt(1)).isTrue();
        assertThat(rows.get(2).getDecimal(3)).isEqualByComparingTo(new BigDecimal("-0.01"));
    }

    @Test
    void numericAndDateFiltersAndTopNRunInRedshiftStringFiltersInSpark() {
        Dataset<Row> df = spark.sql("SELECT c_custkey FROM rsfed.public.customer"
                + " WHERE c_nationkey > 5 AND c_since >= DATE '2000-01-01' AND c_name LIKE 'Cust%'");
        String sql = TestEnv.remoteSql(df);
        assertThat(sql).contains("\"c_nationkey\"").contains("'2000-01-01'::date").doesNotContain("LIKE").doesNotContain("Cust");
        assertThat(df.collectAsList()).extracting(r -> r.getLong(0)).containsExactly(1L);

        Dataset<Row> top = spark.sql("SELECT c_custkey, c_acctbal FROM rsfed.public.customer ORDER BY c_acctbal DESC LIMIT 2");
        assertThat(TestEnv.remoteSql(top)).contains("ORDER BY").contains("LIMIT 2");
        assertThat(top.collectAsList()).extracting(r -> r.getLong(0)).containsExactly(1L, 2L);
        // the same answers as Spark computing everything itself
        // char(4) is read without its trailing blanks; a literal's own trailing blanks count, as for any STRING
        assertThat(spark.sql("SELECT count(*) FROM rsfed.public.customer WHERE c_code = 'C   '").first().getLong(0)).isZero();
        assertThat(spark.sql("SELECT count(*) FROM rsfed.public.customer WHERE c_code = 'C'").first().getLong(0)).isEqualTo(1);
    }

    @Test
    void aggregatesOfNumbersDatesAndBooleansRunInRedshiftWithSparksAnswers() {
        spark.createDataFrame(spark.sql("SELECT * FROM rsfed.public.customer").collectAsList(),
                spark.table("rsfed.public.customer").schema()).createOrReplaceTempView("rs_customer_local");
        String select = "SELECT c_flag, count(*), count(c_name), sum(c_acctbal), sum(c_nationkey), min(c_since), max(c_seen),"
                + " avg(c_nationkey), max(c_custkey), count(DISTINCT c_nationkey) FROM %s GROUP BY c_flag";
        Dataset<Row> pushed = spark.sql(select.formatted("rsfed.public.customer"));
        assertThat(TestEnv.remoteSql(pushed)).contains("GROUP BY").contains("sum(").contains("count(DISTINCT");
        assertThat(sorted(pushed)).hasSize(3).isEqualTo(sorted(spark.sql(select.formatted("rs_customer_local"))));

        // strings, floats and arithmetic: the aggregation stays in Spark
        for (String stays : List.of("SELECT c_name, count(*) FROM rsfed.public.customer GROUP BY c_name",
                "SELECT sum(c_rate) FROM rsfed.public.customer", "SELECT sum(c_nationkey * 2) FROM rsfed.public.customer",
                "SELECT count(DISTINCT c_code) FROM rsfed.public.customer")) {
            Dataset<Row> df = spark.sql(stays);
            assertThat(TestEnv.remoteSql(df)).as(stays).doesNotContain("GROUP BY").doesNotContain("sum(").doesNotContain("count(");
            assertThat(sorted(df)).as(stays).isEqualTo(sorted(spark.sql(stays.replace("rsfed.public.customer", "rs_customer_local"))));
        }
    }

    private static List<String> sorted(Dataset<Row> df) {
        return df.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    @Test
    void stringEqualityNarrowsTheRowsRedshiftSendsAndSparkChecksThemExactly() {
        Dataset<Row> byName = spark.sql("SELECT c_custkey FROM rsfed.public.customer WHERE c_name = 'Customer#2'");
        assertThat(TestEnv.remoteSql(byName)).contains("\"c_name\" = 'Customer#2'");
        assertThat(byName.collectAsList()).extracting(r -> r.getLong(0)).containsExactly(2L);

        // char(4) is read without its trailing blanks (rtrim): 'C' matches what was 'C   ', and narrows as text does
        Dataset<Row> padded = spark.sql("SELECT c_custkey, c_code FROM rsfed.public.customer WHERE c_code = 'C'");
        assertThat(TestEnv.remoteSql(padded)).contains("rtrim(\"c_code\") = 'C'");
        assertThat(padded.collectAsList()).extracting(r -> r.getString(1)).containsExactly("C");
        assertThat(padded.collectAsList()).extracting(r -> r.getLong(0)).containsExactly(2L);

        Dataset<Row> in = spark.sql("SELECT count(*) FROM rsfed.public.customer WHERE c_name IN ('Customer#1', 'Customer#2')"
                + " OR c_name = 'x'");
        assertThat(TestEnv.remoteSql(in)).contains("\"c_name\" IN ('Customer#1', 'Customer#2')").contains("\"c_name\" = 'x'");
        assertThat(in.first().getLong(0)).isEqualTo(2);

        // never under NOT (the complement of a looser test is a stricter one)
        Dataset<Row> not = spark.sql("SELECT count(*) FROM rsfed.public.customer WHERE NOT (c_name = 'Customer#1')");
        assertThat(TestEnv.remoteSql(not)).doesNotContain("Customer#1");
        assertThat(not.first().getLong(0)).isEqualTo(1);
    }

    @Test
    void redshiftTablesJoinPostgresTablesAndTheDdlCreatesRedshiftSchemas() {
        Dataset<Row> joined = spark.sql("SELECT c.c_name, count(*) FROM rsfed.public.customer c"
                + " JOIN fed.apg.orders o ON o.customer_id = c.c_custkey GROUP BY c.c_name ORDER BY c.c_name");
        joined.collectAsList(); // runs across both engines
        String plan = joined.queryExecution().executedPlan().toString();
        assertThat(plan).contains("Federated public [public.customer]").contains("Federated apg [public.orders]");

        assertThat(spark.sql("SELECT eskind FROM rsfed.pg_catalog.svv_external_schemas WHERE schemaname = 'public'")
                .first().getInt(0)).isEqualTo(5);

        // CREATE EXTERNAL SCHEMA … FROM REDSHIFT, the login in a Secrets Manager secret
        io.sparkfederated.sandbox.LocalAws aws = TestEnv.aws();
        String secret = aws.createSecret("redshift/reader", "{\"username\":\"" + redshift.user() + "\",\"password\":"
                + io.sparkfederated.sandbox.LocalAws.quote(redshift.password()) + "}");
        aws.allowSecret(io.sparkfederated.sandbox.LocalAws.BASE_USER_ARN, secret);
        spark.conf().set("spark.sql.catalog.rsddl", FederatedCatalog.class.getName());
        spark.conf().set("spark.sql.catalog.rsddl.registry", registry());
        spark.conf().set("spark.sql.catalog.rsddl.defaults.secretsmanager_endpoint", aws.endpoint());
        spark.sql("CREATE EXTERNAL SCHEMA rsddl.warehouse FROM REDSHIFT DATABASE '" + DB + "' SCHEMA 'public'"
                + " URI '" + redshift.host() + "' PORT " + redshift.port() + " IAM_ROLE default SECRET_ARN '" + secret + "'");
        assertThat(spark.sql("SELECT count(*) FROM rsddl.warehouse.customer").first().getLong(0)).isEqualTo(3);
        spark.sql("DROP SCHEMA rsddl.warehouse");
    }

    private static String registry() {
        try {
            return java.nio.file.Files.createTempDirectory("spark-federated-rs-registry-").toUri().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theRedshiftPlannersEstimateLetsSparkBroadcastASmallRedshiftTable() {
        TestEnv.postgres().execute(DB, "ANALYZE customer");
        spark.sql("REFRESH TABLE rsfed.public.customer");
        var stats = spark.sql("SELECT c_custkey, c_name FROM rsfed.public.customer").queryExecution().optimizedPlan().stats();
        assertThat(stats.rowCount().isDefined()).isTrue();
        assertThat(stats.rowCount().get().longValue()).isEqualTo(3);
        spark.conf().set("spark.sql.cbo.enabled", "true");
        try {
            var columns = io.sparkfederated.spark.ScalaCollections.asJava(spark.sql("SELECT c_nationkey, c_since FROM rsfed.public.customer")
                    .queryExecution().optimizedPlan().collectLeaves().head().stats().attributeStats().toSeq());
            Map<String, org.apache.spark.sql.catalyst.plans.logical.ColumnStat> byName = new java.util.HashMap<>();
            columns.forEach(t -> byName.put(t._1().name(), t._2()));
            assertThat(byName.get("c_nationkey").distinctCount().get().longValue()).isEqualTo(3);
            assertThat(byName.get("c_since").nullCount().get().longValue()).isEqualTo(1);
        } finally {
            spark.conf().set("spark.sql.cbo.enabled", "false");
        }
        // the other side is far too big to broadcast (40 MB by Spark's own exact estimate)
        String plan = spark.sql("SELECT count(*) FROM range(0, 5000000) r JOIN rsfed.public.customer c ON r.id = c.c_custkey")
                .queryExecution().executedPlan().toString();
        int exchange = plan.indexOf("BroadcastExchange");
        assertThat(exchange).as(plan).isNotNegative();
        int broadcastScan = plan.indexOf("BatchScan", exchange);
        assertThat(plan.substring(broadcastScan, plan.indexOf('[', broadcastScan))).as(plan).contains("rsfed.public.customer");
    }

    @Test
    void theSessionIsReadOnly() {
        TestEnv.postgres().execute(DB, "CREATE OR REPLACE VIEW session_mode AS SELECT current_setting('transaction_read_only') AS ro");
        spark.sql("REFRESH TABLE rsfed.public.customer");
        assertThat(spark.sql("SELECT ro FROM rsfed.public.session_mode").first().getString(0)).isEqualTo("on");
    }
}
