package io.sparkfederated.connector.postgres;

import static io.sparkfederated.pushdown.V2.col;
import static io.sparkfederated.pushdown.V2.decimal;
import static io.sparkfederated.pushdown.V2.fn;
import static io.sparkfederated.pushdown.V2.lit;
import static io.sparkfederated.pushdown.V2.literal;
import static io.sparkfederated.pushdown.V2.pred;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.spark.sql.connector.expressions.Cast;
import org.apache.spark.sql.connector.expressions.Extract;
import org.apache.spark.sql.connector.expressions.aggregate.Avg;
import org.apache.spark.sql.connector.expressions.aggregate.GeneralAggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.junit.jupiter.api.Test;

import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;

/** The rules PostgreSQL composes, over columns as its type mapping describes them. */
class PostgresPushdownTest {

    private static final PushdownContext ANSI_UTC = new PushdownContext(true, ZoneOffset.UTC);

    private static RemoteColumn column(String name, String type, int typmod) {
        return new RemoteColumn(name, type, PostgresTypeMapping.map(PgType.scalar(type, 'b', typmod)), true);
    }

    private static RemoteTable table(boolean utf8) {
        return new RemoteTable(null, RemoteRelation.table("public", "t", "table"), List.of(
                column("name", "text", -1), column("code", "bpchar", 8), column("n", "int4", -1), column("big", "int8", -1),
                column("amount", "numeric", ((12 << 16) | 2) + 4), column("ratio", "float8", -1), column("flag", "bool", -1),
                column("at", "timestamptz", -1), column("day", "date", -1), column("wide", "numeric", ((38 << 16) | 4) + 4),
                column("fine", "numeric", ((38 << 16) | 10) + 4)), utf8);
    }

    private static ExpressionCompiler compiler(boolean utf8, PushdownContext context) {
        return PostgresDialect.INSTANCE.compiler(table(utf8), context);
    }

    @Test
    void theTypeMappingDecidesWhatEachColumnTakes() {
        assertThat(column("name", "text", -1).mapping().capabilities()).contains(ColumnCapability.ORDER, ColumnCapability.TEXT);
        assertThat(column("code", "bpchar", 8).mapping().capabilities()).contains(ColumnCapability.EQUALITY, ColumnCapability.TEXT);
        assertThat(column("ratio", "float8", -1).mapping().capabilities()).contains(ColumnCapability.ORDER)
                .doesNotContain(ColumnCapability.GROUPING);
        assertThat(column("blob", "bytea", -1).mapping().capabilities()).containsExactly(ColumnCapability.FILTER);
    }

    @Test
    void stringRangesAreComparedInByteOrderOnlyInAUtf8Database() {
        assertThat(compiler(true, ANSI_UTC).predicate(pred("<", col("name"), lit("b")))).contains("(\"name\") COLLATE \"C\" < ('b')");
        assertThat(compiler(false, ANSI_UTC).predicate(pred("<", col("name"), lit("b")))).isEmpty();
        assertThat(compiler(false, ANSI_UTC).predicate(pred("IS_NULL", col("name")))).contains("(\"name\") IS NULL");
    }

    @Test
    void blankPaddedCharIsComparedAsTheTextItsCastGives() {
        assertThat(compiler(true, ANSI_UTC).predicate(pred("=", col("code"), lit("AB ")))).contains("(\"code\"::text) COLLATE \"C\" = ('AB ')");
        assertThat(compiler(true, ANSI_UTC).predicate(pred("STARTS_WITH", col("code"), lit("A")))).get().asString()
                .contains("\"code\"::text");
        assertThat(compiler(false, ANSI_UTC).predicate(pred("<", col("code"), lit("A")))).isEmpty();
    }

    @Test
    void decimalArithmeticTakesSparksResultTypeAndItsRoundingAndOverflow() {
        ExpressionCompiler pg = compiler(true, ANSI_UTC);
        // numeric(12,2) * numeric(12,2): decimal(25,4), exact, never overflows: sent as it is
        var product = new Sum(fn("*", col("amount"), col("amount")), false);
        assertThat(pg.aggregate(product, "s")).get().satisfies(out -> {
            assertThat(out.sql()).contains("sum((((\"amount\") * (\"amount\"))))").contains("numeric(35,4)");
            assertThat(out.column().mapping().sparkType()).isEqualTo(DataTypes.createDecimalType(35, 4));
        });
        // 1 - amount: decimal(1,0) - decimal(12,2) = decimal(13,2)
        assertThat(pg.predicate(pred(">", fn("-", decimal("1", 1, 0), col("amount")), decimal("0", 1, 0))))
                .contains("((((1::numeric)) - (\"amount\"))) > ((0::numeric))");
        // numeric(38,4) * decimal(1,0): 40 digits, Spark keeps scale 4 in decimal(38,4) and fails beyond it
        assertThat(pg.predicate(pred(">", fn("*", col("wide"), decimal("2", 1, 0)), decimal("0", 1, 0)))).get().asString()
                .isEqualTo("(CAST((\"wide\") * ((2::numeric)) AS numeric(38,4))) > ((0::numeric))");
        // numeric(38,10) + numeric(12,2): 39 digits, rounded half up to scale 9 (as PostgreSQL's cast rounds)
        assertThat(pg.predicate(pred(">", fn("+", col("fine"), col("amount")), decimal("0", 1, 0)))).get().asString()
                .contains("AS numeric(38,9)");
        // a product Spark would round after its 38-digit multiplication stays in Spark; so does anything outside ANSI mode
        assertThat(pg.predicate(pred(">", fn("*", col("fine"), col("amount")), decimal("0", 1, 0)))).isEmpty();
        assertThat(compiler(true, new PushdownContext(false, ZoneOffset.UTC))
                .predicate(pred(">", fn("*", col("amount"), col("amount")), decimal("0", 1, 0)))).isEmpty();
        // without precision loss Spark cuts the 39-digit sum to decimal(38,10): no rounding, overflow only
        assertThat(compiler(true, new PushdownContext(true, ZoneOffset.UTC, false))
                .predicate(pred(">", fn("+", col("fine"), col("amount")), decimal("0", 1, 0)))).get().asString()
                .contains("AS numeric(38,10)");
    }

    @Test
    void floatsAreComparedButNotGroupedBy() {
        ExpressionCompiler pg = compiler(true, ANSI_UTC);
        assertThat(pg.predicate(pred(">", col("ratio"), lit(0.5)))).contains("(\"ratio\") > ('0.5'::float8)");
        assertThat(pg.groupingKey(col("ratio"), "k")).isEmpty();
        assertThat(pg.groupingKey(col("name"), "k")).get().extracting(o -> o.sql()).isEqualTo("(\"name\") COLLATE \"C\"");
    }

    @Test
    void aGroupingExpressionIsCastToTheTypeItIsReadAs() {
        assertThat(compiler(true, ANSI_UTC).groupingKey(fn("+", col("n"), lit(1)), "k")).get().satisfies(out -> {
            assertThat(out.sql()).isEqualTo("(CAST(((\"n\") + ((1))) AS int4))");
            assertThat(out.column().remoteType()).isEqualTo("int4");
        });
    }

    @Test
    void decimalSumsTakeSparksResultTypeAndOverflowAsSparkDoes() {
        ExpressionCompiler ansi = compiler(true, ANSI_UTC);
        ExpressionCompiler legacy = compiler(true, new PushdownContext(false, ZoneOffset.UTC));
        assertThat(ansi.aggregate(new Sum(col("amount"), false), "s")).get().satisfies(out -> {
            assertThat(out.column().remoteType()).isEqualTo("numeric(22,2)");
            assertThat(out.column().mapping().sparkType()).isEqualTo(DataTypes.createDecimalType(22, 2));
            assertThat(out.sql()).contains("CAST('spark-federated: [NUMERIC_VALUE_OUT_OF_RANGE] sum(amount) = ' || ");
        });
        assertThat(legacy.aggregate(new Sum(col("amount"), false), "s")).get().extracting(o -> o.sql())
                .isEqualTo("CAST(CASE WHEN abs(round(sum((\"amount\")), 2)) >= 1e20 THEN NULL ELSE sum((\"amount\")) END AS numeric(22,2))");
    }

    @Test
    void bigintSumsOnlyUnderAnsiModeAndFloatSumsNever() {
        assertThat(compiler(true, ANSI_UTC).aggregate(new Sum(col("big"), false), "s")).get().extracting(o -> o.sql())
                .asString().startsWith("CASE WHEN sum((\"big\")) NOT BETWEEN -9223372036854775808 AND 9223372036854775807");
        assertThat(compiler(true, new PushdownContext(false, ZoneOffset.UTC)).aggregate(new Sum(col("big"), false), "s")).isEmpty();
        assertThat(compiler(true, ANSI_UTC).aggregate(new Sum(col("ratio"), false), "s")).isEmpty();
        assertThat(compiler(true, ANSI_UTC).aggregate(new Sum(col("n"), true), "s")).get().satisfies(out -> {
            assertThat(out.sql()).isEqualTo("sum(DISTINCT (\"n\"))");
            assertThat(out.column().remoteType()).isEqualTo("bigint");
        });
    }

    @Test
    void averagesOfIntegersAreSparksDoubleQuotientAndOthersStayInSpark() {
        ExpressionCompiler pg = compiler(true, ANSI_UTC);
        assertThat(pg.aggregate(new Avg(col("n"), false), "a")).get().extracting(o -> o.sql())
                .isEqualTo("CAST(sum((\"n\")) AS float8) / CAST(count((\"n\")) AS float8)");
        assertThat(pg.aggregate(new Avg(col("big"), false), "a")).isEmpty();
        assertThat(pg.aggregate(new Avg(col("amount"), false), "a")).isEmpty();
    }

    @Test
    void minAndMaxOfBooleansAreBoolAndAndBoolOr() {
        ExpressionCompiler pg = compiler(true, ANSI_UTC);
        assertThat(pg.aggregate(new Min(col("flag")), "m")).get().extracting(o -> o.sql()).isEqualTo("bool_and((\"flag\"))");
        assertThat(pg.aggregate(new Max(col("name")), "m")).get().extracting(o -> o.sql()).isEqualTo("max((\"name\") COLLATE \"C\")");
        assertThat(pg.aggregate(new Max(col("code")), "m")).get().extracting(o -> o.sql()).isEqualTo("max((\"code\"::text) COLLATE \"C\")");
        assertThat(pg.aggregate(new GeneralAggregateFunc("BOOL_OR", false, new org.apache.spark.sql.connector.expressions.Expression[] {
                col("flag")}), "b")).get().extracting(o -> o.sql()).isEqualTo("bool_or((\"flag\"))");
    }

    @Test
    void fieldsOfTimestamptzOnlyInAFixedOffsetSessionZone() {
        Extract hour = new Extract("HOUR", col("at"));
        assertThat(compiler(true, new PushdownContext(true, ZoneId.of("+05:30"))).predicate(pred("=", hour, lit(3))))
                .contains("(CAST(EXTRACT(HOUR FROM (((\"at\") AT TIME ZONE INTERVAL '19800 seconds'))) AS int4)) = ((3))");
        assertThat(compiler(true, new PushdownContext(true, ZoneId.of("Europe/Berlin"))).predicate(pred("=", hour, lit(3)))).isEmpty();
    }

    @Test
    void yearsBeforeTheCommonEraAreShiftedToSparksNumbering() {
        assertThat(compiler(true, ANSI_UTC).predicate(pred("=", new Extract("YEAR", col("day")), lit(2020)))).get().asString()
                .contains("CASE WHEN EXTRACT(YEAR FROM (\"day\")) < 0 THEN EXTRACT(YEAR FROM (\"day\")) + 1");
        assertThat(compiler(true, ANSI_UTC).predicate(pred("=", new Extract("HOUR", col("day")), lit(1)))).isEmpty();
    }

    @Test
    void onlyCastsThatCannotChangeAValueArePushed() {
        ExpressionCompiler pg = compiler(true, ANSI_UTC);
        assertThat(pg.predicate(pred("=", new Cast(col("n"), DataTypes.LongType), lit(5L)))).contains("(CAST(\"n\" AS int8)) = ((5))");
        assertThat(pg.predicate(pred("=", new Cast(col("big"), DataTypes.IntegerType), lit(5)))).isEmpty();
        assertThat(pg.predicate(pred("=", new Cast(col("amount"), new DecimalType(5, 2)), decimal("1.00", 5, 2)))).isEmpty();
    }

    @Test
    void stringLiteralsWithANulCharacterAreNotPushed() {
        assertThat(compiler(true, ANSI_UTC).predicate(pred("=", col("name"), lit("a\0b")))).isEmpty();
        assertThat(compiler(true, ANSI_UTC).predicate(pred("=", col("day"), literal(-719162, DataTypes.DateType))))
                .contains("(\"day\") = ('0001-01-01'::date)");
    }

    @Test
    void aLongInListIsOneArrayAndAShortOneStaysAList() {
        org.apache.spark.sql.connector.expressions.Expression[] many = new org.apache.spark.sql.connector.expressions.Expression[17];
        many[0] = col("big");
        for (int i = 1; i < 16; i++) {
            many[i] = lit(i == 3 ? Long.MIN_VALUE : (long) i * 1000);
        }
        many[16] = literal(null, DataTypes.LongType);
        assertThat(compiler(true, ANSI_UTC).predicate(pred("IN", many))).contains("(\"big\") = ANY ('{1000,2000,"
                + Long.MIN_VALUE + ",4000,5000,6000,7000,8000,9000,10000,11000,12000,13000,14000,15000,NULL}'::int8[])");
        assertThat(compiler(true, ANSI_UTC).predicate(pred("IN", col("n"), lit(1), lit(2)))).contains("(\"n\") IN ((1), (2))");
        // the comparand's own element type: PostgreSQL hashes = ANY only where both sides hash alike
        org.apache.spark.sql.connector.expressions.Expression[] ints = new org.apache.spark.sql.connector.expressions.Expression[17];
        ints[0] = col("n");
        for (int i = 1; i < 17; i++) {
            ints[i] = lit(i == 1 ? Integer.MIN_VALUE : i);
        }
        assertThat(compiler(true, ANSI_UTC).predicate(pred("IN", ints))).contains("(\"n\") = ANY ('{" + Integer.MIN_VALUE
                + ",2,3,4,5,6,7,8,9,10,11,12,13,14,15,16}'::int4[])");
        org.apache.spark.sql.connector.expressions.Expression[] strings = new org.apache.spark.sql.connector.expressions.Expression[17];
        strings[0] = col("code");
        String[] tricky = {"it's", "a\\b", "say \"hi\"", "{x,y}", " padded ", "", "NULL", "é😀"};
        for (int i = 1; i < 17; i++) {
            strings[i] = i <= tricky.length ? lit(tricky[i - 1]) : lit("s" + i);
        }
        assertThat(compiler(true, ANSI_UTC).predicate(pred("IN", strings))).contains("(\"code\"::text) COLLATE \"C\" = ANY ("
                + "'{\"it''s\",\"a\\\\b\",\"say \\\"hi\\\"\",\"{x,y}\",\" padded \",\"\",\"NULL\",\"é😀\","
                + "\"s9\",\"s10\",\"s11\",\"s12\",\"s13\",\"s14\",\"s15\",\"s16\"}'::text[])");
        strings[5] = lit("nul\0");
        assertThat(compiler(true, ANSI_UTC).predicate(pred("IN", strings))).isEmpty(); // no PostgreSQL text holds NUL
    }
}
