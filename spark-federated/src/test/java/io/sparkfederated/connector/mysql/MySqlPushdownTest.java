package io.sparkfederated.connector.mysql;

import static io.sparkfederated.pushdown.V2.col;
import static io.sparkfederated.pushdown.V2.decimal;
import static io.sparkfederated.pushdown.V2.lit;
import static io.sparkfederated.pushdown.V2.literal;
import static io.sparkfederated.pushdown.V2.pred;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.aggregate.Avg;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

import io.sparkfederated.pushdown.ExpressionCompiler;
import io.sparkfederated.pushdown.PushdownContext;
import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;

/** MySQL's composition of the pushdown rules and its SQL pieces, without a server. */
class MySqlPushdownTest {

    private static RemoteColumn column(String name, String dataType, String columnType) {
        String collation = dataType.contains("char") || dataType.contains("text") ? "utf8mb4_general_ci" : null;
        return new RemoteColumn(name, columnType, MySqlTypeMapping.map(dataType, columnType, 20, 4, collation, MySqlReadOptions.DEFAULTS), true);
    }

    private static RemoteTable hard() {
        return new RemoteTable(null, RemoteRelation.table("db", "hard", "table"), List.of(column("i", "int", "int(11)"),
                column("u", "bigint", "bigint(20) unsigned"), column("d", "decimal", "decimal(20,4)"),
                column("flag", "tinyint", "tinyint(1)"), column("dt", "date", "date"), column("ts", "datetime", "datetime(6)"),
                column("s", "varchar", "varchar(20)"), column("e", "enum", "enum('a','b')"), column("j", "json", "json"),
                column("f", "double", "double"), column("b", "bit", "bit(1)"), column("fl", "float", "float"),
                column("ts2", "timestamp", "timestamp(3)"), column("big", "bigint", "bigint(20)")), true);
    }

    private static ExpressionCompiler compiler() {
        return MySqlDialect.INSTANCE.compiler(hard(), new PushdownContext(true, ZoneOffset.UTC));
    }

    private static int epochDay(String date) {
        return (int) LocalDate.parse(date).toEpochDay();
    }

    @Test
    void stringLiteralsEscapeBackslashesAsSessionsWithoutNoBackslashEscapesRead() {
        MySqlDialect my = MySqlDialect.INSTANCE;
        assertThat(my.quoteStringLiteral("it's")).isEqualTo("'it''s'");
        assertThat(my.quoteStringLiteral("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(my.quoteStringLiteral("a\0b\u001a")).isEqualTo("'a\\0b\\Z'");
        assertThat(my.quoteStringLiteral("größe 🙂")).isEqualTo("'größe 🙂'");
        assertThat(my.quoteIdentifier("My `T`")).isEqualTo("`My ``T```");
    }

    @Test
    void theTypeMappingGivesExactKindsEverythingAndTextOnlyNarrowing() {
        RemoteTable t = hard();
        for (String exact : List.of("i", "u", "d", "flag", "dt", "ts", "ts2", "big")) {
            assertThat(t.column(exact).orElseThrow().mapping().capabilities()).as(exact).isEqualTo(ColumnCapability.exact());
        }
        for (String floating : List.of("f", "fl")) { // compared and sorted, not grouped (-0.0 and 0.0)
            assertThat(t.column(floating).orElseThrow().mapping().capabilities()).as(floating)
                    .containsExactlyInAnyOrder(ColumnCapability.FILTER, ColumnCapability.EQUALITY, ColumnCapability.ORDER);
        }
        assertThat(t.column("s").orElseThrow().mapping().capabilities()).containsExactly(ColumnCapability.NARROWING_EQUALITY);
        for (String nothing : List.of("e", "j", "b")) {
            assertThat(t.column(nothing).orElseThrow().mapping().capabilities()).as(nothing).isEmpty();
        }
        assertThat(MySqlTypeMapping.map("decimal", "decimal(65,2)", 65, 2, null, MySqlReadOptions.DEFAULTS).capabilities()).isEmpty();
    }

    @Test
    void booleansAreComparedAsNonZeroAndDatesAsTheirDayNumbers() {
        ExpressionCompiler my = compiler();
        assertThat(my.predicate(pred("=", col("flag"), literal(true, DataTypes.BooleanType)))).contains("(`flag` <> 0) = 1");
        assertThat(my.predicate(pred("<", col("dt"), literal(epochDay("2000-01-02"), DataTypes.DateType))))
                .contains("DATEDIFF(`dt`, '1970-01-01') < 10958");
        assertThat(my.predicate(pred("IS_NULL", col("dt")))).contains("(DATEDIFF(`dt`, '1970-01-01')) IS NULL");
        assertThat(my.predicate(pred("IN", col("dt"), literal(0, DataTypes.DateType), literal(1, DataTypes.DateType))))
                .contains("DATEDIFF(`dt`, '1970-01-01') IN (0, 1)");
    }

    @Test
    void numbersAndNullSafeEqualityArePushedInMySqlsSpelling() {
        ExpressionCompiler my = compiler();
        assertThat(my.predicate(pred("<=>", col("i"), literal(null, DataTypes.IntegerType)))).contains("`i` <=> NULL");
        assertThat(my.predicate(pred("=", col("d"), decimal("123456789012381.6770", 19, 4))))
                .contains("`d` = 123456789012381.6770");
        assertThat(my.predicate(pred("AND", pred(">", col("i"), lit(0)), pred("NOT", pred("=", col("i"), lit(7))))))
                .contains("(`i` > 0) AND (NOT (`i` = 7))");
        assertThat(my.predicate(pred("ALWAYS_TRUE"))).contains("TRUE");
    }

    @Test
    void timesCompareAsTheirMicrosecondsAndFloatsWithFiniteLiterals() {
        ExpressionCompiler my = compiler();
        String micros = "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', `ts`)";
        assertThat(my.predicate(pred("IS_NULL", col("ts")))).contains("(" + micros + ") IS NULL");
        assertThat(my.predicate(pred(">=", col("ts"), literal(1_000_000L, DataTypes.TimestampNTZType))))
                .contains(micros + " >= 1000000");
        assertThat(my.predicate(pred("<", col("ts2"), literal(-1L, DataTypes.TimestampType))))
                .contains("TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', `ts2`) < -1");
        assertThat(my.predicate(pred("=", col("f"), lit(0.0)))).contains("`f` = 0.0E0");
        assertThat(my.predicate(pred("<", col("f"), lit(1e-300)))).contains("`f` < 1.0E-300");
        assertThat(my.predicate(pred("=", col("fl"), literal(0.1f, DataTypes.FloatType))))
                .contains("CAST(`fl` AS DOUBLE) = 0.10000000149011612E0");
        assertThat(my.predicate(pred("<", col("f"), lit(Double.NaN)))).isEmpty();
        assertThat(my.predicate(pred("<", col("f"), lit(Double.POSITIVE_INFINITY)))).isEmpty();
    }

    @Test
    void stringsAreNeverComparedExactly() {
        ExpressionCompiler my = compiler();
        assertThat(my.predicate(pred("=", col("s"), lit("ss")))).isEmpty();
        assertThat(my.predicate(pred(">", col("s"), lit("e")))).isEmpty();
        assertThat(my.predicate(pred("STARTS_WITH", col("s"), lit("a")))).isEmpty();
    }

    @Test
    void stringEqualityOnlyNarrowsAndNeverOnEnumOrJson() {
        ExpressionCompiler my = compiler();
        assertThat(my.narrowingPredicate(pred("=", col("s"), lit("ß")))).contains("`s` IN ('ß')");
        assertThat(my.narrowingPredicate(pred("IN", col("s"), lit("a\\b"), lit("x'y")))).contains("`s` IN ('a\\\\b', 'x''y')");
        assertThat(my.narrowingPredicate(pred("NOT", pred("=", col("s"), lit("a"))))).isEmpty();
        assertThat(my.narrowingPredicate(pred("=", col("e"), lit("a")))).isEmpty();
        assertThat(my.narrowingPredicate(pred("=", col("j"), lit("\"a\"")))).isEmpty();
    }

    @Test
    void sortKeysWriteTheNullOrderOutAsMySqlHasNoNullsFirst() {
        ExpressionCompiler my = compiler();
        assertThat(my.sortOrder(Expressions.sort(col("i"), SortDirection.ASCENDING, NullOrdering.NULLS_LAST)))
                .contains("(`i` IS NULL) ASC, `i` ASC");
        assertThat(my.sortOrder(Expressions.sort(col("dt"), SortDirection.DESCENDING, NullOrdering.NULLS_FIRST)))
                .contains("(DATEDIFF(`dt`, '1970-01-01') IS NULL) DESC, DATEDIFF(`dt`, '1970-01-01') DESC");
        assertThat(my.sortOrder(Expressions.sort(col("s"), SortDirection.ASCENDING, NullOrdering.NULLS_FIRST))).isEmpty();
    }

    @Test
    void countMinMaxAndGroupingOnExactKindsOnly() {
        ExpressionCompiler my = compiler();
        assertThat(my.aggregate(new CountStar(), "n")).get().extracting(o -> o.sql()).isEqualTo("count(*)");
        assertThat(my.aggregate(new Count(col("dt"), true), "n")).get().extracting(o -> o.sql())
                .isEqualTo("count(DISTINCT DATEDIFF(`dt`, '1970-01-01'))");
        assertThat(my.aggregate(new Count(col("s"), true), "n")).isEmpty();
        assertThat(my.aggregate(new Min(col("u")), "m")).get().extracting(o -> o.sql()).isEqualTo("min(`u`)");
        assertThat(my.aggregate(new Max(col("flag")), "m")).get().extracting(o -> o.sql(), o -> o.column().mapping().kind())
                .containsExactly("max((`flag` <> 0))", io.sparkfederated.query.ValueKind.BOOLEAN);
        assertThat(my.aggregate(new Max(col("s")), "m")).isEmpty();
        assertThat(my.aggregate(new Min(col("f")), "m")).get().extracting(o -> o.sql()).isEqualTo("min(`f`)");
        assertThat(my.groupingKey(col("f"), "k")).isEmpty(); // Spark outputs 0.0 for a group of -0.0 and 0.0
        assertThat(my.groupingKey(col("flag"), "k")).get().extracting(o -> o.sql()).isEqualTo("(`flag` <> 0)");
        assertThat(my.groupingKey(col("s"), "k")).isEmpty();
    }

    @Test
    void sumsOfIntegersAlwaysOfBigintsUnderAnsiModeOnlyAndOfDecimalsFailingOrNullAsSparks() {
        ExpressionCompiler ansi = compiler();
        assertThat(ansi.aggregate(new Sum(col("i"), false), "s")).get().extracting(o -> o.sql(), o -> o.column().mapping().sparkType())
                .containsExactly("SUM(`i`)", DataTypes.LongType);
        assertThat(ansi.aggregate(new Avg(col("i"), true), "a")).get().extracting(o -> o.sql())
                .isEqualTo("(SUM(DISTINCT `i`) * 1e0) / (COUNT(DISTINCT `i`) * 1e0)");
        assertThat(ansi.aggregate(new Sum(col("d"), false), "s")).get().extracting(o -> o.sql()).isEqualTo("CASE WHEN ABS(SUM(`d`)) >= 1"
                + "0".repeat(26) + " THEN (9223372036854775807 + (SUM(`d`) IS NOT NULL)) ELSE SUM(`d`) END");
        assertThat(ansi.aggregate(new Sum(col("big"), false), "s")).get().extracting(o -> o.sql(), o -> o.column().mapping().sparkType())
                .containsExactly("CASE WHEN SUM(`big`) IS NULL OR SUM(`big`) BETWEEN -9223372036854775808 AND 9223372036854775807"
                        + " THEN CAST(SUM(`big`) AS SIGNED) ELSE (9223372036854775807 + (SUM(`big`) IS NOT NULL)) END", DataTypes.LongType);
        assertThat(ansi.aggregate(new Avg(col("d"), false), "a")).isEmpty();
        assertThat(ansi.aggregate(new Sum(col("f"), false), "s")).isEmpty();
        ExpressionCompiler legacy = MySqlDialect.INSTANCE.compiler(hard(), new PushdownContext(false, ZoneOffset.UTC));
        assertThat(legacy.aggregate(new Sum(col("d"), false), "s")).get()
                .extracting(o -> o.sql(), o -> o.column().mapping().sparkType())
                .containsExactly("CASE WHEN ABS(SUM(`d`)) >= 1" + "0".repeat(26) + " THEN NULL ELSE SUM(`d`) END",
                        DataTypes.createDecimalType(30, 4));
        assertThat(legacy.aggregate(new Sum(col("u"), true), "s")).get().extracting(o -> o.column().mapping().sparkType())
                .isEqualTo(DataTypes.createDecimalType(30, 0));
        assertThat(legacy.aggregate(new Sum(col("big"), false), "s")).isEmpty(); // Spark wraps, try_sum is NULL
    }
}
