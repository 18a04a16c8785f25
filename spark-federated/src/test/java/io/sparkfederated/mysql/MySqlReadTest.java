package io.sparkfederated.mysql;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.TestEnv;
import io.sparkfederated.sandbox.LocalAws;
import io.sparkfederated.sandbox.MariaDbServer;

/** Plain reads of a real MariaDB: types, charsets, the data source, metadata tables, DDL and errors. */
class MySqlReadTest {

    private static final String DB = "my_read";
    private static SparkSession spark;
    private static MariaDbServer my;

    @BeforeAll
    static void setUp() {
        my = MySqlTestEnv.server();
        spark = MySqlTestEnv.spark();
        my.recreateDatabase(DB);
        my.execute(DB,
                "SET time_zone = '+00:00'",
                """
                CREATE TABLE types (
                  id int PRIMARY KEY, flag tinyint(1), t tinyint, tu tinyint unsigned, su smallint unsigned,
                  mu mediumint unsigned, iu int unsigned, b bigint, bu bigint unsigned, d decimal(20,4), wide decimal(65,30),
                  f float, db double, dt date, dtm datetime(6), ts timestamp(3) NULL, tm time, y year,
                  bit1 bit(1), bit10 bit(10), bit64 bit(64), e enum('small','large'), st set('a','b','c'), j json,
                  bl blob, vb varbinary(8), g geometry,
                  s_latin1 varchar(20) CHARACTER SET latin1, s_utf8mb3 varchar(20) CHARACTER SET utf8mb3,
                  s_utf8mb4 varchar(20) CHARACTER SET utf8mb4, c char(5))""",
                """
                INSERT INTO types VALUES (1, 2, -128, 255, 65535, 16777215, 4294967295, -9223372036854775808,
                  18446744073709551615, 123456789012381.6770, 12345678901234567890123456789012345.123456789012345678901234567890,
                  1.5, 2.25, '2024-02-29', '2024-02-29 23:59:59.999999', '2038-01-19 03:14:07.123', '-838:59:59', 2024,
                  b'1', b'1010101010', b'1111111111111111111111111111111111111111111111111111111111111111',
                  'large', 'a,c', '{"k": [1, "x"]}', x'00ff10', x'0102', ST_GeomFromText('POINT(1 2)'),
                  'café', '€uro', '😀 ß', 'ab')""",
                """
                INSERT INTO types (id, flag, dt, dtm, ts) VALUES (2, 0, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00')""",
                "CREATE VIEW rich AS SELECT id, d FROM types WHERE d > 0",
                "CREATE TABLE `Odd ``name`` table` (`a b` int)",
                "INSERT INTO `Odd ``name`` table` VALUES (7)");
        MySqlTestEnv.defineCatalog("my", DB, Map.of());
    }

    @Test
    void everyTypeIsReadExactly() {
        Row r = spark.sql("SELECT * FROM my.s.types WHERE id = 1").first();
        assertThat(r.getBoolean(r.fieldIndex("flag"))).isTrue(); // 2 is true, as in MySQL
        assertThat(r.getShort(r.fieldIndex("t"))).isEqualTo((short) -128);
        assertThat(r.getShort(r.fieldIndex("tu"))).isEqualTo((short) 255);
        assertThat(r.getInt(r.fieldIndex("su"))).isEqualTo(65535);
        assertThat(r.getInt(r.fieldIndex("mu"))).isEqualTo(16777215);
        assertThat(r.getLong(r.fieldIndex("iu"))).isEqualTo(4294967295L);
        assertThat(r.getLong(r.fieldIndex("b"))).isEqualTo(Long.MIN_VALUE);
        assertThat(r.getDecimal(r.fieldIndex("bu"))).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(r.getDecimal(r.fieldIndex("d"))).isEqualTo(new BigDecimal("123456789012381.6770"));
        assertThat(r.getString(r.fieldIndex("wide"))).isEqualTo("12345678901234567890123456789012345.123456789012345678901234567890");
        assertThat(r.getFloat(r.fieldIndex("f"))).isEqualTo(1.5f);
        assertThat(r.getDouble(r.fieldIndex("db"))).isEqualTo(2.25);
        assertThat((LocalDate) r.getAs("dt")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat((LocalDateTime) r.getAs("dtm")).isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000));
        assertThat((Instant) r.getAs("ts")).isEqualTo(Instant.parse("2038-01-19T03:14:07.123Z"));
        assertThat(r.getString(r.fieldIndex("tm"))).isEqualTo("-838:59:59");
        assertThat(r.getShort(r.fieldIndex("y"))).isEqualTo((short) 2024);
        assertThat(r.getBoolean(r.fieldIndex("bit1"))).isTrue();
        assertThat(r.getLong(r.fieldIndex("bit10"))).isEqualTo(682L);
        assertThat(r.getDecimal(r.fieldIndex("bit64"))).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(r.getString(r.fieldIndex("e"))).isEqualTo("large");
        assertThat(r.getString(r.fieldIndex("st"))).isEqualTo("a,c");
        assertThat(r.getString(r.fieldIndex("j"))).isEqualTo("{\"k\": [1, \"x\"]}");
        assertThat((byte[]) r.getAs("bl")).containsExactly(0x00, 0xff, 0x10);
        assertThat((byte[]) r.getAs("vb")).containsExactly(1, 2);
        assertThat(r.getString(r.fieldIndex("g"))).isEqualTo("POINT(1 2)");
        assertThat(r.getString(r.fieldIndex("s_latin1"))).isEqualTo("café");
        assertThat(r.getString(r.fieldIndex("s_utf8mb3"))).isEqualTo("€uro");
        assertThat(r.getString(r.fieldIndex("s_utf8mb4"))).isEqualTo("😀 ß");
        assertThat(r.getString(r.fieldIndex("c"))).isEqualTo("ab");
    }

    @Test
    void zeroDatesAreNull() {
        Row r = spark.sql("SELECT dt, dtm, ts, flag FROM my.s.types WHERE id = 2").first();
        assertThat(r.isNullAt(0)).isTrue();
        assertThat(r.isNullAt(1)).isTrue();
        assertThat(r.isNullAt(2)).isTrue();
        assertThat(r.getBoolean(3)).isFalse();
    }

    @Test
    void describeShowsSparkTypesWithTheRemoteTypeAsComment() {
        Map<String, String> types = spark.sql("DESCRIBE TABLE my.s.types").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1) + " / " + r.getString(2), (a, b) -> a));
        assertThat(types).containsEntry("flag", "boolean / tinyint(1)")
                .containsEntry("bu", "decimal(20,0) / bigint(20) unsigned")
                .containsEntry("iu", "bigint / int(10) unsigned")
                .containsEntry("dtm", "timestamp_ntz / datetime(6)")
                .containsEntry("ts", "timestamp / timestamp(3)")
                .containsEntry("d", "decimal(20,4) / decimal(20,4)");
    }

    @Test
    void tablesAndViewsAreListedAndOddNamesWork() {
        List<String> tables = spark.sql("SHOW TABLES IN my.s").collectAsList().stream().map(r -> r.getString(1)).toList();
        assertThat(tables).containsExactly("Odd `name` table", "rich", "types");
        assertThat(spark.sql("SELECT `a b` FROM my.s.`Odd ``name`` table`").first().getInt(0)).isEqualTo(7);
        assertThat(spark.sql("SELECT count(*) FROM my.s.rich").first().getLong(0)).isEqualTo(1);
        assertThat(spark.sql("SELECT count(*) FROM my.s.TYPES").first().getLong(0)).isEqualTo(2);
    }

    @Test
    void theDataSourceReadsATableOrAQuery() {
        Map<String, String> options = my.externalSchemaOptions(DB);
        long rows = spark.read().format("federated").options(options).option("dbtable", DB + ".types").load().count();
        assertThat(rows).isEqualTo(2);
        Row r = spark.read().format("federated").options(options)
                .option("query", "SELECT id, bu, flag, s_latin1 AS name FROM types WHERE id = 1 -- one row").load().first();
        assertThat(r.getInt(0)).isEqualTo(1);
        assertThat(r.getDecimal(1)).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(r.getShort(2)).isEqualTo((short) 2); // a result's metadata has no TINYINT(1) width: read as a number
        assertThat(r.getString(3)).isEqualTo("café");
    }

    @Test
    void metadataTablesListMySqlSchemas() {
        Row schema = spark.sql("SELECT eskind, databasename, esoptions FROM my.pg_catalog.svv_external_schemas"
                + " WHERE schemaname = 's'").first();
        assertThat(schema.getInt(0)).isEqualTo(8);
        assertThat(schema.getString(1)).isEqualTo(DB);
        assertThat(schema.getString(2)).doesNotContain(my.password());
        Row column = spark.sql("SELECT data_type, remote_data_type FROM my.information_schema.columns"
                + " WHERE table_schema = 's' AND table_name = 'types' AND column_name = 'bu'").first();
        assertThat(column.getString(0)).isEqualTo("decimal(20,0)");
        assertThat(column.getString(1)).isEqualTo("bigint(20) unsigned");
        assertThat(spark.sql("SELECT tabletype FROM my.pg_catalog.svv_external_tables WHERE schemaname = 's'"
                + " AND tablename = 'rich'").first().getString(0)).isEqualTo("VIEW");
    }

    @Test
    void theRedshiftDdlCreatesAQueryableMySqlSchema() throws Exception {
        LocalAws aws = TestEnv.aws();
        my.createReader("ddl_reader", "s3cret'pw", DB);
        String secret = aws.createSecret("dev/mysql-" + System.nanoTime(),
                "{\"username\":\"ddl_reader\",\"password\":" + LocalAws.quote("s3cret'pw") + "}");
        String role = LocalAws.roleArn("MyMySqlRole");
        aws.allowAssumeRole(LocalAws.BASE_USER_ARN, role);
        aws.allowSecret(role, secret);
        String catalog = "myddl";
        spark.conf().set("spark.sql.catalog." + catalog, io.sparkfederated.FederatedCatalog.class.getName());
        spark.conf().set("spark.sql.catalog." + catalog + ".registry",
                java.nio.file.Files.createTempDirectory("mysql-registry-").toUri().toString());
        spark.conf().set("spark.sql.catalog." + catalog + ".defaults.secretsmanager_endpoint", aws.endpoint());
        spark.conf().set("spark.sql.catalog." + catalog + ".defaults.sts_endpoint", aws.endpoint());
        spark.sql("""
                CREATE EXTERNAL SCHEMA mysqlschema FROM MYSQL DATABASE '%s' URI '127.0.0.1' PORT %d
                IAM_ROLE '%s' SECRET_ARN '%s'""".formatted(catalog + ".", my.port(), role, secret).replace("SCHEMA mysqlschema",
                "SCHEMA " + catalog + ".mysqlschema").replace("DATABASE '" + catalog + ".'", "DATABASE '" + DB + "'"));
        assertThat(spark.sql("SELECT bu FROM " + catalog + ".mysqlschema.types WHERE id = 1").first().getDecimal(0))
                .isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(spark.sql("DESCRIBE NAMESPACE EXTENDED " + catalog + ".mysqlschema").collectAsList().toString())
                .contains("mysql").doesNotContain("s3cret");
    }

    @Test
    void errorsNameWhatToFix() {
        Map<String, String> wrongPassword = new java.util.HashMap<>(my.externalSchemaOptions(DB));
        wrongPassword.put("password", "not-it");
        assertThatThrownBy(() -> spark.read().format("federated").options(wrongPassword).option("dbtable", "types").load())
                .hasMessageContaining("access denied for").hasMessageNotContaining("not-it");
        Map<String, String> noDatabase = my.externalSchemaOptions("no_such_db");
        assertThatThrownBy(() -> spark.read().format("federated").options(noDatabase).option("dbtable", "types").load())
                .hasMessageContaining("database 'no_such_db' does not exist");
        Map<String, String> tls = new java.util.HashMap<>(my.externalSchemaOptions(DB));
        tls.put("sslmode", "require");
        assertThatThrownBy(() -> spark.read().format("federated").options(tls).option("dbtable", "types").load())
                .hasMessageContaining("TLS failed");
        Map<String, String> schemaOption = new java.util.HashMap<>(my.externalSchemaOptions(DB));
        schemaOption.put("schema", "public");
        assertThatThrownBy(() -> spark.read().format("federated").options(schemaOption).option("dbtable", "types").load())
                .hasMessageContaining("the MySQL database is the schema");
    }

    @Test
    void sessionsAreReadOnly() {
        Row r = spark.read().format("federated").options(my.externalSchemaOptions(DB))
                .option("query", "SELECT @@SESSION.tx_read_only AS ro, @@SESSION.time_zone AS tz").load().first();
        assertThat(r.get(0).toString()).isIn("1", "true");
        assertThat(r.getString(1)).isEqualTo("+00:00");
    }
}
