package io.sparkfederated.connector.pgfamily;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Spark literal values (in Spark's internal representation) as exact literals of PostgreSQL and
 * Redshift, so a user can paste the remote SQL from EXPLAIN into psql. Dates and timestamps use ISO
 * years with the BC suffix; floats use Java's round-trip text, which both parse to the same bits.
 * Text goes through the engine's own string literal rule.
 */
public final class PgFamilyLiterals {

    private PgFamilyLiterals() {
    }

    /**
     * The literal, or empty for a type this family does not render or text the engine's string rule refuses.
     *
     * @param stringLiteral the engine's string literal of a text, or empty where it has none
     */
    public static Optional<String> of(Object value, DataType type, Function<String, Optional<String>> stringLiteral) {
        if (value == null) {
            return Optional.of("NULL");
        }
        if (type instanceof BooleanType) {
            return Optional.of(((Boolean) value) ? "TRUE" : "FALSE");
        }
        if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType || type instanceof LongType) {
            return Optional.of("(" + value + ")");
        }
        if (type instanceof FloatType) {
            return Optional.of("'" + Float.toString((Float) value) + "'::float4");
        }
        if (type instanceof DoubleType) {
            return Optional.of("'" + Double.toString((Double) value) + "'::float8");
        }
        if (type instanceof DecimalType) {
            BigDecimal decimal = ((Decimal) value).toJavaBigDecimal();
            return Optional.of("(" + decimal.toPlainString() + "::numeric)");
        }
        if (type instanceof StringType) {
            return stringLiteral.apply(value.toString());
        }
        if (type instanceof DateType) {
            return Optional.of(date((Integer) value));
        }
        if (type instanceof TimestampNTZType) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv((Long) value, 1_000_000L),
                    (int) Math.floorMod((Long) value, 1_000_000L) * 1000, ZoneOffset.UTC);
            return Optional.of(quoted(timestampText(t, "")) + "::timestamp");
        }
        if (type instanceof TimestampType) {
            Instant i = Instant.ofEpochSecond(Math.floorDiv((Long) value, 1_000_000L), Math.floorMod((Long) value, 1_000_000L) * 1000);
            return Optional.of(quoted(timestampText(LocalDateTime.ofInstant(i, ZoneOffset.UTC), "+00")) + "::timestamptz");
        }
        return Optional.empty();
    }

    /** A date, given as days since 1970-01-01. */
    public static String date(int epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        return quoted(ymd(d) + bc(d.getYear())) + "::date";
    }

    /** Dates and times are digits, dashes, colons, dots, blanks and "BC": the same in every string literal rule. */
    private static String quoted(String dateTimeText) {
        return "'" + dateTimeText + "'";
    }

    private static String timestampText(LocalDateTime t, String zone) {
        return String.format(Locale.ROOT, "%s %02d:%02d:%02d.%06d%s%s", ymd(t.toLocalDate()), t.getHour(), t.getMinute(),
                t.getSecond(), t.getNano() / 1000, zone, bc(t.getYear()));
    }

    private static String ymd(LocalDate d) {
        int year = d.getYear() <= 0 ? 1 - d.getYear() : d.getYear();
        return String.format(Locale.ROOT, "%04d-%02d-%02d", year, d.getMonthValue(), d.getDayOfMonth());
    }

    private static String bc(int isoYear) {
        return isoYear <= 0 ? " BC" : "";
    }
}
