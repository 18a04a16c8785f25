package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.spark.ScalaCollections;

/** Every PostgreSQL type a user meets, mapped to Spark and read back exactly, with edge values and NULLs. */
class TypeMappingTest {

    private static SparkSession spark;
    private static Row edge;   // id 1: minimums, BC dates, NaN …
    private static Row other;  // id 2: maximums, far-future dates, Infinity …
    private static Row nulls;  // id 3: NULL in every column

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        TestEnv.postgres().execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS all_types",
                """
                CREATE TABLE all_types (
                  id int PRIMARY KEY,
                  b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8,
                  n numeric(38,10), n_free numeric, n_wide numeric(50,5), m money,
                  ch char(5), vc varchar(10), tx text, nm name, ci citext,
                  by bytea, d date, t time, ttz timetz, ts timestamp, tstz timestamptz, iv interval,
                  u uuid, j json, jb jsonb, x xml, ip inet, net cidr, mac macaddr,
                  mo mood, dom positive_amount, code short_code,
                  a_int int4[], a_int2d int4[][], a_text text[], a_date date[], a_num numeric(5,2)[], a_ts timestamp[],
                  r int4range, tsr tsrange, pt point, bx box, ci2 circle, bits bit varying(8), o oid)""",
                """
                INSERT INTO all_types VALUES (1,
                  true, -32768, -2147483648, -9223372036854775808, 'NaN', '-Infinity',
                  '-1234567890123456789012345678.0123456789', '12345.678901234567890123', '123456789012345678901234567890123456789012345.12345', '-92233720368547758.08',
                  'ab', 'héllo', 'multi
                line ''quoted''', 'pg_name', 'MiXeD',
                  '\\x00ff10', '0044-03-15 BC', '00:00:00', '23:59:59.999999+05:30', '0001-01-01 00:00:00 BC', '1000-01-01 12:00:00+00', '1 year 2 mons 3 days 04:05:06.5',
                  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"k": [1, 2]}', '{"k": [1, 2]}', '<a>x</a>', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03',
                  'happy', 0.01, 'ABC',
                  '{1,NULL,3}', '{{1,2},{3,4}}', '{"a,b","c\\"d",NULL,""}', '{1500-03-01,NULL,"0044-03-15 BC"}', '{1.50,-999.99}', '{"1000-01-01 00:00:00.000001"}',
                  '[1,10)', '["2024-01-01 00:00:00","2024-02-01 00:00:00")', '(1.5,-2)', '((0,0),(1,1))', '<(0,0),2>', B'1011', 4294967295)""",
                """
                INSERT INTO all_types VALUES (2,
                  false, 32767, 2147483647, 9223372036854775807, 'Infinity', 'NaN',
                  '9999999999999999999999999999.9999999999', '-0.000000000000000001', '-1', '92233720368547758.07',
                  'abcde', '', '', '', '',
                  '\\x', '12345-06-07', '24:00:00', '00:00:00-04:56:02', '20000-01-01 00:00:00.123456', '2262-04-12 00:00:00.000001+00', '-178000000 years',
                  '00000000-0000-0000-0000-000000000000', 'null', '[]', '', '::1', '::/0', 'ff:ff:ff:ff:ff:ff',
                  'sad', 99999999.99, '',
                  '{}', '{{NULL,NULL}}', '{}', '{}', '{}', '{}',
                  'empty', '(,)', '(0,0)', '((1,1),(1,1))', '<(1,1),0>', B'', 0)""",
                "INSERT INTO all_types (id) VALUES (3)");
        List<Row> rows = spark.sql("SELECT * FROM fed.apg.all_types ORDER BY id").collectAsList();
        edge = rows.get(0);
        other = rows.get(1);
        nulls = rows.get(2);
    }

    @Test
    void mapsEveryTypeToTheClosestSparkType() {
        Map<String, String> types = ScalaCollections.asJava(spark.table("fed.apg.all_types").schema().toList())
                .stream().collect(Collectors.toMap(StructField::name, f -> f.dataType().sql()));
        assertThat(types).containsAllEntriesOf(Map.ofEntries(
                Map.entry("b", "BOOLEAN"), Map.entry("i2", "SMALLINT"), Map.entry("i4", "INT"), Map.entry("i8", "BIGINT"),
                Map.entry("f4", "FLOAT"), Map.entry("f8", "DOUBLE"),
                Map.entry("n", "DECIMAL(38,10)"), Map.entry("n_free", "DECIMAL(38,18)"), Map.entry("n_wide", "STRING"),
                Map.entry("m", "DECIMAL(19,2)"),
                Map.entry("ch", "STRING"), Map.entry("vc", "STRING"), Map.entry("tx", "STRING"), Map.entry("nm", "STRING"),
                Map.entry("ci", "STRING"), Map.entry("by", "BINARY"), Map.entry("d", "DATE"), Map.entry("t", "STRING"),
                Map.entry("ttz", "STRING"), Map.entry("ts", "TIMESTAMP_NTZ"), Map.entry("tstz", "TIMESTAMP"),
                Map.entry("iv", "STRING"), Map.entry("u", "STRING"), Map.entry("j", "STRING"), Map.entry("jb", "STRING"),
                Map.entry("x", "STRING"), Map.entry("ip", "STRING"), Map.entry("net", "STRING"), Map.entry("mac", "STRING"),
                Map.entry("mo", "STRING"), Map.entry("dom", "DECIMAL(10,2)"), Map.entry("code", "STRING"),
                Map.entry("a_int", "ARRAY<INT>"), Map.entry("a_int2d", "ARRAY<ARRAY<INT>>"), Map.entry("a_text", "ARRAY<STRING>"),
                Map.entry("a_date", "ARRAY<DATE>"), Map.entry("a_num", "ARRAY<DECIMAL(5,2)>"), Map.entry("a_ts", "ARRAY<TIMESTAMP_NTZ>"),
                Map.entry("r", "STRING"), Map.entry("tsr", "STRING"), Map.entry("pt", "STRING"), Map.entry("bx", "STRING"),
                Map.entry("ci2", "STRING"), Map.entry("bits", "STRING"), Map.entry("o", "BIGINT")));
    }

    @Test
    void integersAndBooleansRoundTripAtTheirLimits() {
        assertThat(List.of(edge.getAs("b"), edge.getAs("i2"), edge.getAs("i4"), edge.getAs("i8")))
                .containsExactly(true, (short) -32768, Integer.MIN_VALUE, Long.MIN_VALUE);
        assertThat(List.of(other.getAs("b"), other.getAs("i2"), other.getAs("i4"), other.getAs("i8")))
                .containsExactly(false, (short) 32767, Integer.MAX_VALUE, Long.MAX_VALUE);
        assertThat((Long) edge.getAs("o")).isEqualTo(4294967295L);
    }

    @Test
    void floatsKeepNaNAndInfinities() {
        assertThat((Float) edge.getAs("f4")).isNaN();
        assertThat((Double) edge.getAs("f8")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat((Float) other.getAs("f4")).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat((Double) other.getAs("f8")).isNaN();
    }

    @Test
    void numericsKeepFullPrecision() {
        assertThat((BigDecimal) edge.getAs("n")).isEqualTo(new BigDecimal("-1234567890123456789012345678.0123456789"));
        assertThat((BigDecimal) other.getAs("n")).isEqualTo(new BigDecimal("9999999999999999999999999999.9999999999"));
        assertThat((BigDecimal) edge.getAs("n_free")).isEqualByComparingTo("12345.678901234567890123");
        assertThat((BigDecimal) other.getAs("n_free")).isEqualByComparingTo("-0.000000000000000001");
        assertThat((String) edge.getAs("n_wide")).isEqualTo("123456789012345678901234567890123456789012345.12345");
        assertThat((BigDecimal) edge.getAs("m")).isEqualTo(new BigDecimal("-92233720368547758.08"));
        assertThat((BigDecimal) other.getAs("m")).isEqualTo(new BigDecimal("92233720368547758.07"));
        assertThat((BigDecimal) edge.getAs("dom")).isEqualTo(new BigDecimal("0.01"));
    }

    @Test
    void stringsKeepNewlinesAndNonAsciiAndCharDropsItsPadding() {
        assertThat((String) edge.getAs("ch")).isEqualTo("ab"); // char(5): as its cast to text gives it
        assertThat((String) edge.getAs("vc")).isEqualTo("héllo");
        assertThat((String) edge.getAs("tx")).isEqualTo("multi\nline 'quoted'");
        assertThat((String) edge.getAs("ci")).isEqualTo("MiXeD");
        assertThat((String) other.getAs("vc")).isEmpty();
        assertThat((String) edge.getAs("mo")).isEqualTo("happy");
        assertThat((String) edge.getAs("code")).isEqualTo("ABC");
    }

    @Test
    void binaryRoundTrips() {
        assertThat((byte[]) edge.getAs("by")).containsExactly(0x00, 0xff, 0x10);
        assertThat((byte[]) other.getAs("by")).isEmpty();
    }

    @Test
    void datesAndTimestampsBeforeGregorianAndAfterYear9999() {
        assertThat((LocalDate) edge.getAs("d")).isEqualTo(LocalDate.of(-43, 3, 15));
        assertThat((LocalDate) other.getAs("d")).isEqualTo(LocalDate.of(12345, 6, 7));
        assertThat((LocalDateTime) edge.getAs("ts")).isEqualTo(LocalDateTime.of(0, 1, 1, 0, 0));
        assertThat((LocalDateTime) other.getAs("ts")).isEqualTo(LocalDateTime.of(20000, 1, 1, 0, 0, 0, 123_456_000));
        assertThat((Instant) edge.getAs("tstz")).isEqualTo(Instant.parse("1000-01-01T12:00:00Z"));
        assertThat((Instant) other.getAs("tstz")).isEqualTo(Instant.parse("2262-04-12T00:00:00.000001Z"));
    }

    @Test
    void typesSparkCannotRepresentArriveInPostgresTextForm() {
        assertThat((String) edge.getAs("t")).isEqualTo("00:00:00");
        assertThat((String) edge.getAs("ttz")).isEqualTo("23:59:59.999999+05:30");
        assertThat((String) other.getAs("t")).isEqualTo("24:00:00");
        assertThat((String) edge.getAs("iv")).isEqualTo("1 year 2 mons 3 days 04:05:06.5");
        assertThat((String) edge.getAs("u")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat((String) edge.getAs("j")).isEqualTo("{\"k\": [1, 2]}");
        assertThat((String) edge.getAs("jb")).isEqualTo("{\"k\": [1, 2]}");
        assertThat((String) edge.getAs("x")).isEqualTo("<a>x</a>");
        assertThat((String) edge.getAs("ip")).isEqualTo("192.168.0.1/24");
        assertThat((String) edge.getAs("net")).isEqualTo("10.0.0.0/8");
        assertThat((String) edge.getAs("mac")).isEqualTo("08:00:2b:01:02:03");
        assertThat((String) edge.getAs("r")).isEqualTo("[1,10)");
        assertThat((String) other.getAs("r")).isEqualTo("empty");
        assertThat((String) edge.getAs("pt")).isEqualTo("(1.5,-2)");
        assertThat((String) edge.getAs("ci2")).isEqualTo("<(0,0),2>");
        assertThat((String) edge.getAs("bits")).isEqualTo("1011");
    }

    @Test
    void arraysOfOneAndTwoDimensionsWithNullElements() {
        assertThat(edge.getList(edge.fieldIndex("a_int"))).containsExactly(1, null, 3);
        assertThat(TestEnv.show(edge.getList(edge.fieldIndex("a_int2d")))).isEqualTo("[ArraySeq(1, 2), ArraySeq(3, 4)]");
        assertThat(edge.getList(edge.fieldIndex("a_text"))).containsExactly("a,b", "c\"d", null, "");
        assertThat(edge.getList(edge.fieldIndex("a_date"))).containsExactly(LocalDate.of(1500, 3, 1), null, LocalDate.of(-43, 3, 15));
        assertThat(edge.getList(edge.fieldIndex("a_num"))).containsExactly(new BigDecimal("1.50"), new BigDecimal("-999.99"));
        assertThat(edge.getList(edge.fieldIndex("a_ts"))).containsExactly(LocalDateTime.of(1000, 1, 1, 0, 0, 0, 1000));
        assertThat(other.getList(other.fieldIndex("a_int"))).isEmpty();
    }

    @Test
    void nullsInEveryColumn() {
        for (int i = 1; i < nulls.size(); i++) {
            assertThat(nulls.isNullAt(i)).as("column %s", nulls.schema().fields()[i].name()).isTrue();
        }
    }

    @Test
    void valuesSparkCannotHoldFailLoudlyInsteadOfBeingChanged() {
        expectReadFailure("date", "'infinity'", "column 'v'", "'infinity'");
        expectReadFailure("numeric", "'NaN'", "column 'v'", "NaN");
        expectReadFailure("numeric", "0.0000000000000000001", "does not fit Spark DECIMAL(38,18) exactly");
        expectReadFailure("timestamptz", "'-infinity'", "column 'v'", "-infinity");
    }

    @Test
    void inetArrivesAsPostgresShowsItAndFiltersAndJoinsOnThatForm() {
        TestEnv.postgres().execute(TestEnv.MAIN_DB, "DROP TABLE IF EXISTS hosts, host_names",
                "CREATE TABLE hosts (id int, ip inet, net cidr, ips inet[], grid inet[][])",
                "INSERT INTO hosts VALUES (1, '10.0.0.1', '10.0.0.0/8', '{10.0.0.1,192.168.0.1/24,NULL,::1}', '{{10.0.0.1,10.0.0.2/31}}'),"
                        + " (2, '192.168.0.1/24', '10.1.0.0/16', '{}', NULL), (3, '::1', '::/0', NULL, NULL),"
                        + " (4, '::ffff:1.2.3.4/128', '192.168.1.0/24', NULL, NULL)",
                "CREATE TABLE host_names (addr text, name text)",
                "INSERT INTO host_names VALUES ('10.0.0.1', 'gateway'), ('::1', 'loopback'), ('10.0.0.1/32', 'masked')");
        // what psql shows: the netmask only when it is not the whole address; cidr always has one
        assertThat(TestEnv.show(spark.sql("SELECT id, ip, net, ips, grid FROM fed.apg.hosts ORDER BY id").collectAsList()))
                .isEqualTo("[[1,10.0.0.1,10.0.0.0/8,ArraySeq(10.0.0.1, 192.168.0.1/24, null, ::1),"
                        + "ArraySeq(ArraySeq(10.0.0.1, 10.0.0.2/31))], [2,192.168.0.1/24,10.1.0.0/16,ArraySeq(),null],"
                        + " [3,::1,::/0,null,null], [4,::ffff:1.2.3.4,192.168.1.0/24,null,null]]");
        var pushed = spark.sql("SELECT id FROM fed.apg.hosts WHERE ip = '10.0.0.1' OR ip IN ('::1', '::ffff:1.2.3.4')"
                + " OR net = '10.1.0.0/16'");
        assertThat(TestEnv.remoteSql(pushed)).contains("abbrev(\"ip\")", "'10.0.0.1'"); // the value as read
        assertThat(ids(pushed)).containsExactly(1, 2, 3, 4);
        assertThat(ids(spark.sql("SELECT id FROM fed.apg.hosts WHERE ip BETWEEN '1' AND '2'"))).containsExactly(1, 2);
        var byspark = spark.sql("SELECT id FROM fed.apg.hosts WHERE lower(ip) IN ('10.0.0.1', '::1')");
        assertThat(TestEnv.remoteSql(byspark)).doesNotContain("'10.0.0.1'");
        assertThat(ids(byspark)).containsExactly(1, 3);
        // joined with plain address strings: by Spark with local strings, and by PostgreSQL with a text column
        spark.createDataset(List.of("10.0.0.1", "::1", "10.0.0.1/32"), org.apache.spark.sql.Encoders.STRING())
                .toDF("addr").createOrReplaceTempView("local_addrs");
        assertThat(spark.sql("SELECT h.id, a.addr FROM fed.apg.hosts h JOIN local_addrs a ON h.ip = a.addr ORDER BY h.id")
                .collectAsList().toString()).isEqualTo("[[1,10.0.0.1], [3,::1]]");
        var remoteJoin = spark.sql("SELECT h.id, n.name FROM fed.apg.hosts h JOIN fed.apg.host_names n ON h.ip = n.addr");
        if (io.sparkfederated.read.ScanBuilders.pushJoins()) {
            assertThat(TestEnv.remoteSql(remoteJoin)).contains(" JOIN ");
        } else { // Spark 3.5 and 4.0 join the two scans themselves
            assertThat(TestEnv.allScans(remoteJoin.queryExecution().executedPlan())).hasSize(2);
        }
        assertThat(remoteJoin.orderBy("id").collectAsList().toString()).isEqualTo("[[1,gateway], [3,loopback]]");
    }

    private static List<Integer> ids(org.apache.spark.sql.Dataset<Row> df) {
        return df.collectAsList().stream().map(r -> r.getInt(0)).sorted().toList();
    }

    @Test
    void timestampsBeyondSparksRangeFailNamingTheColumnAndValue() {
        // Spark's last microsecond reads exactly; the next one, and PostgreSQL's last, fail
        TestEnv.postgres().execute(TestEnv.MAIN_DB, "DROP TABLE IF EXISTS spark_max_ts",
                "CREATE TABLE spark_max_ts (ts timestamp, tz timestamptz)",
                "INSERT INTO spark_max_ts VALUES ('294247-01-10 04:00:54.775807', '294247-01-10 04:00:54.775807+00')");
        Row max = spark.sql("SELECT ts, tz FROM fed.apg.spark_max_ts").first();
        assertThat((LocalDateTime) max.getAs("ts")).isEqualTo(LocalDateTime.of(294247, 1, 10, 4, 0, 54, 775_807_000));
        assertThat((Instant) max.getAs("tz")).isEqualTo(Instant.parse("+294247-01-10T04:00:54.775807Z"));
        expectReadFailure("timestamp", "'294247-01-10 04:00:54.775808'", "column 'v'",
                "'294247-01-10 04:00:54.775808'", "beyond Spark's");
        expectReadFailure("timestamptz", "'294276-12-31 23:59:59.999999+00'", "column 'v'",
                "'294276-12-31 23:59:59.999999+00'", "beyond Spark's");
        expectReadFailure("timestamp[]", "'{\"2000-01-01 00:00:00\",\"294276-12-31 00:00:00\"}'", "column 'v'",
                "'294276-12-31 00:00:00'");
        expectReadFailure("timestamptz[]", "'{\"294250-06-01 12:30:00+00\"}'", "column 'v'", "'294250-06-01 12:30:00+00'");
    }

    @Test
    void arraysOfViewsCtasTablesAndQueriesHaveTheDimensionsOfTheirValues() {
        // PostgreSQL records no dimensions for these (pg_attribute.attndims is 0)
        TestEnv.postgres().execute(TestEnv.MAIN_DB, "DROP VIEW IF EXISTS grid_view, grid_agg, grid_mixed",
                "DROP TABLE IF EXISTS grid_ctas, grid",
                "CREATE TABLE grid (id int, g int4[][], v int4[])",
                "INSERT INTO grid VALUES (1, NULL, '{}'), (2, '{}', NULL), (3, '{{1,2},{3,NULL}}', '{5,6}'), (4, '{{7}}', '{8,9}')",
                "CREATE VIEW grid_view AS SELECT * FROM grid",
                "CREATE TABLE grid_ctas AS SELECT * FROM grid",
                "CREATE VIEW grid_agg AS SELECT array_agg(v ORDER BY id) AS vs FROM grid WHERE cardinality(v) > 0",
                "CREATE VIEW grid_mixed AS SELECT 1 AS id, '{1}'::int4[] AS a UNION ALL SELECT 2, '{{2}}'");
        for (String relation : List.of("grid_view", "grid_ctas")) {
            var df = spark.table("fed.apg." + relation);
            assertThat(df.schema().simpleString()).as(relation).isEqualTo("struct<id:int,g:array<array<int>>,v:array<int>>");
            assertThat(TestEnv.show(df.orderBy("id").collectAsList())).as(relation).isEqualTo("[[1,null,ArraySeq()], [2,ArraySeq(),null],"
                    + " [3,ArraySeq(ArraySeq(1, 2), ArraySeq(3, null)),ArraySeq(5, 6)], [4,ArraySeq(ArraySeq(7)),ArraySeq(8, 9)]]");
        }
        assertThat(TestEnv.show(spark.table("fed.apg.grid_agg").collectAsList()))
                .isEqualTo("[[ArraySeq(ArraySeq(5, 6), ArraySeq(8, 9))]]");
        Map<String, String> options = TestEnv.schemaOptions(TestEnv.postgres(), TestEnv.MAIN_DB, "public");
        options.remove("schema");
        var query = spark.read().format("federated").options(options)
                .option("query", "SELECT g, ARRAY[v, v] AS vv FROM grid WHERE id = 3").load();
        assertThat(query.schema().simpleString()).isEqualTo("struct<g:array<array<int>>,vv:array<array<int>>>");
        assertThat(TestEnv.show(query.collectAsList()))
                .isEqualTo("[[ArraySeq(ArraySeq(1, 2), ArraySeq(3, null)),ArraySeq(ArraySeq(5, 6), ArraySeq(5, 6))]]");
        // one number of dimensions per Spark column: a value with another fails, naming the column
        assertThat(TestEnv.failureMessages(() -> spark.table("fed.apg.grid_mixed").collect()))
                .contains("column 'a' holds a 2-dimensional array but is read as 1-dimensional");
    }

    private static void expectReadFailure(String type, String literal, String... messageParts) {
        String table = "unrepresentable_" + type.replace("[]", "_array");
        TestEnv.postgres().execute(TestEnv.MAIN_DB, "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (v " + type + ")", "INSERT INTO " + table + " VALUES (" + literal + ")");
        assertThatThrownBy(() -> spark.sql("SELECT v FROM fed.apg." + table).collect())
                .satisfies(e -> assertThat(TestEnv.messages(e)).contains(messageParts));
    }
}
