package io.sparkfederated.connector.postgres.copy;

import static io.sparkfederated.connector.postgres.copy.CopyInput.intAt;
import static io.sparkfederated.connector.postgres.copy.CopyInput.longAt;
import static io.sparkfederated.connector.postgres.copy.CopyInput.shortAt;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DecimalType;

import io.sparkfederated.FederatedException;
import io.sparkfederated.query.ColumnMapping;

/** Chooses the binary decoder for a column mapping. */
public final class ValueDecoders {

    /** Days from 1970-01-01 (Spark's epoch) to 2000-01-01 (PostgreSQL's). */
    static final int PG_EPOCH_DAYS = 10_957;
    /** Microseconds from 1970-01-01 to 2000-01-01. */
    static final long PG_EPOCH_MICROS = PG_EPOCH_DAYS * 86_400_000_000L;

    private ValueDecoders() {
    }

    public static ValueDecoder forMapping(ColumnMapping mapping, String column) {
        return switch (mapping.kind()) {
            case BOOLEAN -> (b, at, len, v) -> v.appendBoolean(b[fixed(at, len, 1, column)] != 0);
            case SHORT -> (b, at, len, v) -> v.appendShort(shortAt(b, fixed(at, len, 2, column)));
            case INT -> (b, at, len, v) -> v.appendInt(intAt(b, fixed(at, len, 4, column)));
            case LONG -> (b, at, len, v) -> v.appendLong(longAt(b, fixed(at, len, 8, column)));
            case FLOAT -> (b, at, len, v) -> v.appendFloat(Float.intBitsToFloat(intAt(b, fixed(at, len, 4, column))));
            case DOUBLE -> (b, at, len, v) -> v.appendDouble(Double.longBitsToDouble(longAt(b, fixed(at, len, 8, column))));
            case STRING, BINARY -> (b, at, len, v) -> v.appendByteArray(b, at, len);
            case DATE -> (b, at, len, v) -> v.appendInt(date(intAt(b, fixed(at, len, 4, column)), column));
            case TIMESTAMP -> (b, at, len, v) -> v.appendLong(timestamp(longAt(b, fixed(at, len, 8, column)), column, "+00"));
            case TIMESTAMP_NTZ -> (b, at, len, v) -> v.appendLong(timestamp(longAt(b, fixed(at, len, 8, column)), column, ""));
            case DECIMAL -> new NumericDecoder((DecimalType) mapping.sparkType(), column);
            case ARRAY -> new ArrayDecoder(forMapping(mapping.element(), column), mapping.dimensions(), column);
        };
    }

    static int date(int pgDays, String column) {
        if (pgDays == Integer.MAX_VALUE || pgDays == Integer.MIN_VALUE) {
            throw infinity(column, pgDays > 0 ? "infinity" : "-infinity");
        }
        return pgDays + PG_EPOCH_DAYS;
    }

    /** {@code zone} is how the value's text names its zone: "+00" (timestamptz, shown in UTC) or "". */
    static long timestamp(long pgMicros, String column, String zone) {
        if (pgMicros == Long.MAX_VALUE || pgMicros == Long.MIN_VALUE) {
            throw infinity(column, pgMicros > 0 ? "infinity" : "-infinity");
        }
        // PostgreSQL reaches 294276 AD, Spark's microseconds from 1970 end in 294247 AD (PostgreSQL
        // starts at 4713 BC, far inside Spark's range)
        if (pgMicros > Long.MAX_VALUE - PG_EPOCH_MICROS) {
            throw new FederatedException("column '" + column + "': PostgreSQL value '" + timestampText(pgMicros) + zone
                    + "' is beyond Spark's last timestamp (+294247-01-10 04:00:54.775807 UTC); filter it out in a"
                    + " 'query' or map it there (e.g. CASE WHEN col < '294247-01-10' THEN col END)");
        }
        return pgMicros + PG_EPOCH_MICROS;
    }

    /** PostgreSQL's text form of a timestamp after year 2000 (ISO style, fraction without trailing zeros). */
    private static String timestampText(long pgMicros) {
        LocalDateTime t = LocalDateTime.of(2000, 1, 1, 0, 0).plus(pgMicros, ChronoUnit.MICROS);
        String text = String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        return t.getNano() == 0 ? text : text + String.format(Locale.ROOT, ".%06d", t.getNano() / 1000).replaceAll("0+$", "");
    }

    /**
     * {@code at}, once the value's length is checked against its type's fixed width: a value of another
     * length means the remote column's type changed since the plan was made, and would decode as garbage.
     */
    static int fixed(int at, int length, int width, String column) {
        if (length != width) {
            throw typeChanged(column, length + "-byte value where a " + width + "-byte one was expected");
        }
        return at;
    }

    static FederatedException typeChanged(String column, String what) {
        return new FederatedException("column '" + column + "': the remote server sent a " + what + ": the remote"
                + " column's type changed since its metadata was read; run REFRESH TABLE on the table (a catalog table)"
                + " or load the DataFrame again (format(\"federated\"))");
    }

    static FederatedException infinity(String column, String value) {
        return new FederatedException("column '" + column + "': PostgreSQL value '" + value + "' has no Spark"
                + " equivalent; filter it out in a 'query' or map it there (e.g. CASE WHEN col = '" + value
                + "' THEN … ELSE col END)");
    }
}
