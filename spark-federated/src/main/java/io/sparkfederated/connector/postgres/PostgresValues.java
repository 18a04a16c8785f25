package io.sparkfederated.connector.postgres;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HexFormat;

import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.unsafe.types.UTF8String;

import io.sparkfederated.FederatedException;
import io.sparkfederated.connector.ColumnMapping;

/**
 * Converts PostgreSQL values (from a JDBC result set, or in PostgreSQL's text form) into Spark's
 * internal representation. Never rounds or clamps: a value Spark cannot hold exactly fails with a
 * message naming the column and the value.
 */
final class PostgresValues {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

    private PostgresValues() {
    }

    /** Reads column {@code index} of the current row, or null. */
    static Object read(ResultSet rs, int index, ColumnMapping m, String column) throws SQLException {
        switch (m.kind()) {
            case BOOLEAN -> {
                boolean v = rs.getBoolean(index);
                return rs.wasNull() ? null : v;
            }
            case SHORT -> {
                short v = rs.getShort(index);
                return rs.wasNull() ? null : v;
            }
            case INT -> {
                int v = rs.getInt(index);
                return rs.wasNull() ? null : v;
            }
            case LONG -> {
                long v = rs.getLong(index);
                return rs.wasNull() ? null : v;
            }
            case FLOAT -> {
                float v = rs.getFloat(index);
                return rs.wasNull() ? null : v;
            }
            case DOUBLE -> {
                double v = rs.getDouble(index);
                return rs.wasNull() ? null : v;
            }
            case BINARY -> {
                return rs.getBytes(index);
            }
            case ARRAY -> {
                Array array = rs.getArray(index);
                return array == null ? null : toArrayData(array.getArray(), m.element(), m.dimensions(), column);
            }
            default -> {
                String text = rs.getString(index);
                return text == null ? null : fromText(text, m, column);
            }
        }
    }

    /** Converts one value in PostgreSQL's text form (DateStyle ISO, bytea_output hex). */
    static Object fromText(String text, ColumnMapping m, String column) {
        try {
            return switch (m.kind()) {
                case BOOLEAN -> text.equals("t") || text.equalsIgnoreCase("true");
                case SHORT -> Short.parseShort(text);
                case INT -> Integer.parseInt(text);
                case LONG -> Long.parseLong(text);
                case FLOAT -> Float.parseFloat(text);
                case DOUBLE -> Double.parseDouble(text);
                case DECIMAL -> decimal(text, m.decimalType(), column);
                case STRING -> UTF8String.fromString(text);
                case BINARY -> HexFormat.of().parseHex(text, 2, text.length());
                case DATE -> dateToDays(text, column);
                case TIMESTAMP_NTZ, TIMESTAMP -> timestampToMicros(text, column);
                case ARRAY -> throw new IllegalArgumentException("nested array in text form");
            };
        } catch (NumberFormatException | DateTimeException | ArithmeticException | IndexOutOfBoundsException e) {
            throw new FederatedException("column '" + column + "': cannot read PostgreSQL value '" + abbreviate(text)
                    + "' as Spark " + m.sparkType().sql() + " (" + e.getMessage() + ")", e);
        }
    }

    private static GenericArrayData toArrayData(Object javaArray, ColumnMapping element, int dims, String column) {
        if (!(javaArray instanceof Object[] values)) {
            throw new FederatedException("column '" + column + "': unexpected array value " + javaArray);
        }
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            if (dims > 1) {
                if (!(v instanceof Object[])) {
                    throw dimensionMismatch(column, dims);
                }
                out[i] = toArrayData(v, element, dims - 1, column);
            } else {
                if (!(v instanceof String s)) {
                    throw dimensionMismatch(column, dims);
                }
                out[i] = fromText(s, element, column);
            }
        }
        return new GenericArrayData(out);
    }

    private static FederatedException dimensionMismatch(String column, int dims) {
        return new FederatedException("column '" + column + "' holds an array whose number of dimensions differs from"
                + " the column's declared dimensions; declare the column with the dimensions its values have"
                + " (e.g. int[][] for two), or select it through a 'query' that casts it to text");
    }

    private static Decimal decimal(String text, DecimalType type, String column) {
        if (text.equals("NaN") || text.endsWith("Infinity")) {
            throw new FederatedException("column '" + column + "': numeric value " + text + " cannot be represented by"
                    + " Spark " + type.sql() + "; filter it out or cast the column to float8 in a 'query'");
        }
        BigDecimal value = new BigDecimal(text);
        if (value.scale() > type.scale()) {
            value = value.stripTrailingZeros();
        }
        if (value.scale() > type.scale() || value.precision() - value.scale() > type.precision() - type.scale()) {
            throw new FederatedException("column '" + column + "': numeric value " + abbreviate(text) + " does not fit Spark "
                    + type.sql() + " exactly; declare the column as numeric(p,s) with p <= 38, or read it through a"
                    + " 'query' that casts it to text");
        }
        return Decimal.apply(value.setScale(type.scale()), type.precision(), type.scale());
    }

    /** "2020-01-31", "0044-03-15 BC", "12345-01-01" → days since 1970-01-01 (proleptic Gregorian). */
    static int dateToDays(String text, String column) {
        rejectInfinity(text, column);
        boolean bc = text.endsWith(" BC");
        String core = bc ? text.substring(0, text.length() - 3) : text;
        return Math.toIntExact(parseDate(core, bc).toEpochDay());
    }

    /**
     * "2020-01-31 10:11:12.123456", optionally followed by a UTC offset (+05:30, -04:56:02) and " BC",
     * → microseconds since the epoch (UTC when an offset is present).
     */
    static long timestampToMicros(String text, String column) {
        rejectInfinity(text, column);
        boolean bc = text.endsWith(" BC");
        String core = bc ? text.substring(0, text.length() - 3) : text;
        int space = core.indexOf(' ');
        LocalDate date = parseDate(core.substring(0, space), bc);
        String time = core.substring(space + 1);
        int offsetAt = Math.max(time.indexOf('+'), time.indexOf('-'));
        long offsetSeconds = 0;
        if (offsetAt > 0) {
            offsetSeconds = parseOffsetSeconds(time.substring(offsetAt));
            time = time.substring(0, offsetAt);
        }
        long micros = Math.multiplyExact(date.toEpochDay(), MICROS_PER_DAY);
        micros = Math.addExact(micros, timeOfDayMicros(time));
        return Math.subtractExact(micros, offsetSeconds * MICROS_PER_SECOND);
    }

    private static LocalDate parseDate(String ymd, boolean bc) {
        int d1 = ymd.indexOf('-', 1);
        int d2 = ymd.indexOf('-', d1 + 1);
        int year = Integer.parseInt(ymd.substring(0, d1));
        if (bc) {
            year = 1 - year; // 1 BC is ISO year 0
        }
        return LocalDate.of(year, Integer.parseInt(ymd.substring(d1 + 1, d2)), Integer.parseInt(ymd.substring(d2 + 1)));
    }

    private static long timeOfDayMicros(String hms) {
        int c1 = hms.indexOf(':');
        int c2 = hms.indexOf(':', c1 + 1);
        long hours = Long.parseLong(hms.substring(0, c1));
        long minutes = Long.parseLong(hms.substring(c1 + 1, c2));
        String sec = hms.substring(c2 + 1);
        int dot = sec.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? sec : sec.substring(0, dot));
        long fraction = 0;
        if (dot >= 0) {
            String digits = (sec.substring(dot + 1) + "000000").substring(0, 6);
            fraction = Long.parseLong(digits);
        }
        return ((hours * 60 + minutes) * 60 + seconds) * MICROS_PER_SECOND + fraction;
    }

    private static long parseOffsetSeconds(String offset) {
        int sign = offset.charAt(0) == '-' ? -1 : 1;
        String[] parts = offset.substring(1).split(":");
        long seconds = Long.parseLong(parts[0]) * 3600;
        if (parts.length > 1) {
            seconds += Long.parseLong(parts[1]) * 60;
        }
        if (parts.length > 2) {
            seconds += Long.parseLong(parts[2]);
        }
        return sign * seconds;
    }

    private static void rejectInfinity(String text, String column) {
        if (text.endsWith("infinity")) {
            throw new FederatedException("column '" + column + "': PostgreSQL value '" + text + "' has no Spark"
                    + " equivalent; filter it out in a 'query' or map it to a date there (e.g. CASE WHEN"
                    + " col = 'infinity' THEN '9999-12-31' ELSE col END)");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
