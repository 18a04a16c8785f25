package io.sparkfederated.connector.pgfamily;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Function;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** Literals PostgreSQL and Redshift read alike, exact to the last digit. */
class PgFamilyLiteralsTest {

    private static final Function<String, Optional<String>> QUOTE = text -> Optional.of("'" + text.replace("'", "''") + "'");

    private static String literal(Object value, org.apache.spark.sql.types.DataType type) {
        return PgFamilyLiterals.of(value, type, QUOTE).orElseThrow();
    }

    @Test
    void numbersKeepEveryDigit() {
        assertThat(literal(-7L, DataTypes.LongType)).isEqualTo("(-7)");
        assertThat(literal(Decimal.apply(new BigDecimal("12345678901234567890.000000000000000001")), DataTypes.createDecimalType(38, 18)))
                .isEqualTo("(12345678901234567890.000000000000000001::numeric)");
        assertThat(literal(0.1, DataTypes.DoubleType)).isEqualTo("'0.1'::float8");
        assertThat(literal(Double.NaN, DataTypes.DoubleType)).isEqualTo("'NaN'::float8");
        assertThat(literal(-0.0f, DataTypes.FloatType)).isEqualTo("'-0.0'::float4");
    }

    @Test
    void datesAndTimestampsUseIsoYearsWithTheBcSuffix() {
        assertThat(PgFamilyLiterals.date(0)).isEqualTo("'1970-01-01'::date");
        // proleptic year 0 is 1 BC
        assertThat(PgFamilyLiterals.date((int) java.time.LocalDate.of(0, 3, 1).toEpochDay())).isEqualTo("'0001-03-01 BC'::date");
        assertThat(literal(1_500_000L, DataTypes.TimestampNTZType)).isEqualTo("'1970-01-01 00:00:01.500000'::timestamp");
        assertThat(literal(-1L, DataTypes.TimestampType)).isEqualTo("'1969-12-31 23:59:59.999999+00'::timestamptz");
    }

    @Test
    void textGoesThroughTheEnginesOwnRuleWhichMayRefuseIt() {
        assertThat(literal(UTF8String.fromString("it's"), DataTypes.StringType)).isEqualTo("'it''s'");
        assertThat(PgFamilyLiterals.of(UTF8String.fromString("x"), DataTypes.StringType, text -> Optional.empty())).isEmpty();
        assertThat(PgFamilyLiterals.of(new byte[] {1}, DataTypes.BinaryType, QUOTE)).isEmpty();
        assertThat(literal(null, DataTypes.StringType)).isEqualTo("NULL");
    }
}
