package io.sparkfederated.connector.postgres;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

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
 * Spark literal values (in Spark's internal representation) as exact PostgreSQL literals, so a
 * user can paste the remote SQL from EXPLAIN into psql. Dates and timestamps use ISO years with
 * PostgreSQL's BC suffix; floats use Java's round-trip text, which PostgreSQL parses to the same bits.
 */
final class PostgresLiterals {

    private PostgresLiterals() {
    }

    /** The literal, or empty for a type this dialect does not render. */
    static Optional<String> of(PostgresDialect dialect, Object value, DataType type) {
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
            String text = value.toString();
            return text.indexOf('\0') >= 0 ? Optional.empty() : Optional.of(dialect.quoteStringLiteral(text));
        }
        if (type instanceof DateType) {
            return Optional.of(date(dialect, (Integer) value));
        }
        if (type instanceof TimestampNTZType) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv((Long) value, 1_000_000L),
                    (int) Math.floorMod((Long) value, 1_000_000L) * 1000, ZoneOffset.UTC);
            return Optional.of(dialect.quoteStringLiteral(timestampText(t, "")) + "::timestamp");
        }
        if (type instanceof TimestampType) {
            Instant i = Instant.ofEpochSecond(Math.floorDiv((Long) value, 1_000_000L), Math.floorMod((Long) value, 1_000_000L) * 1000);
            return Optional.of(dialect.quoteStringLiteral(timestampText(LocalDateTime.ofInstant(i, ZoneOffset.UTC), "+00"))
                    + "::timestamptz");
        }
        return Optional.empty();
    }

    static String date(PostgresDialect dialect, int epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        return dialect.quoteStringLiteral(ymd(d) + bc(d.getYear())) + "::date";
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
