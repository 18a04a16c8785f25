package io.sparkfederated.connector.postgres.copy;

import static io.sparkfederated.connector.postgres.copy.CopyInput.shortAt;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;

import io.sparkfederated.FederatedException;

/**
 * PostgreSQL's binary {@code numeric} (base-10000 digits, weight, sign, display scale) into a Spark
 * decimal of a fixed precision and scale, exactly: a value that would need rounding, or that does
 * not fit, or NaN/±Infinity, fails with a message naming the column.
 */
final class NumericDecoder implements ValueDecoder {

    private static final int NUMERIC_NEG = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final int NUMERIC_PINF = 0xD000;
    private static final int NUMERIC_NINF = 0xF000;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final int precision;
    private final int scale;
    private final String column;
    private final DecimalType type;

    NumericDecoder(DecimalType type, String column) {
        this.type = type;
        this.precision = type.precision();
        this.scale = type.scale();
        this.column = column;
    }

    @Override
    public void append(byte[] b, int at, int length, WritableColumnVector v) {
        int ndigits = length < 8 ? -1 : shortAt(b, at) & 0xFFFF;
        if (length != 8 + 2 * ndigits) {
            throw ValueDecoders.typeChanged(column, length + "-byte value that is not a numeric");
        }
        int weight = shortAt(b, at + 2);
        int sign = shortAt(b, at + 4) & 0xFFFF;
        if (sign == NUMERIC_NAN || sign == NUMERIC_PINF || sign == NUMERIC_NINF) {
            String text = sign == NUMERIC_NAN ? "NaN" : sign == NUMERIC_PINF ? "Infinity" : "-Infinity";
            throw new FederatedException("column '" + column + "': numeric value " + text + " cannot be represented by"
                    + " Spark " + type.sql() + "; filter it out or cast the column to float8 in a 'query'");
        }
        // value = acc * 10^(-4 * fractionGroups); unscaled (at our scale) = acc * 10^(scale - 4 * fractionGroups)
        int exp10 = scale - 4 * (ndigits - weight - 1);
        long unscaled;
        try {
            long acc = 0;
            for (int i = 0; i < ndigits; i++) {
                acc = Math.addExact(Math.multiplyExact(acc, 10_000L), shortAt(b, at + 8 + 2 * i));
            }
            if (acc == 0) {
                unscaled = 0;
            } else if (exp10 >= 0) {
                if (exp10 >= POW10.length) {
                    throw new ArithmeticException("overflow");
                }
                unscaled = Math.multiplyExact(acc, POW10[exp10]);
            } else {
                if (-exp10 >= POW10.length || acc % POW10[-exp10] != 0) {
                    throw new ArithmeticException("needs the exact path");
                }
                unscaled = acc / POW10[-exp10];
            }
        } catch (ArithmeticException e) {
            appendExact(b, at, ndigits, weight, sign, v);
            return;
        }
        if (precision <= 18 && unscaled >= POW10[precision]) {
            throw doesNotFit(toText(b, at, ndigits, weight, sign));
        }
        if (sign == NUMERIC_NEG) {
            unscaled = -unscaled;
        }
        appendUnscaled(unscaled, v);
    }

    private void appendUnscaled(long unscaled, WritableColumnVector v) {
        if (precision <= Decimal.MAX_INT_DIGITS()) {
            v.appendInt((int) unscaled);
        } else if (precision <= Decimal.MAX_LONG_DIGITS()) {
            v.appendLong(unscaled);
        } else {
            byte[] bytes = BigInteger.valueOf(unscaled).toByteArray();
            v.appendByteArray(bytes, 0, bytes.length);
        }
    }

    /** The general path: more than 18 digits, or digits beyond our scale that must all be zero. */
    private void appendExact(byte[] b, int at, int ndigits, int weight, int sign, WritableColumnVector v) {
        BigDecimal value = toBigDecimal(b, at, ndigits, weight, sign);
        BigDecimal scaled;
        try {
            scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw doesNotFit(value.toPlainString());
        }
        if (scaled.precision() > precision && scaled.signum() != 0) {
            throw doesNotFit(value.toPlainString());
        }
        BigInteger unscaled = scaled.unscaledValue();
        if (precision <= Decimal.MAX_LONG_DIGITS()) {
            appendUnscaled(unscaled.longValueExact(), v);
        } else {
            byte[] bytes = unscaled.toByteArray();
            v.appendByteArray(bytes, 0, bytes.length);
        }
    }

    private static BigDecimal toBigDecimal(byte[] b, int at, int ndigits, int weight, int sign) {
        BigInteger acc = BigInteger.ZERO;
        BigInteger base = BigInteger.valueOf(10_000);
        for (int i = 0; i < ndigits; i++) {
            acc = acc.multiply(base).add(BigInteger.valueOf(shortAt(b, at + 8 + 2 * i)));
        }
        BigDecimal value = new BigDecimal(acc, 4 * (ndigits - weight - 1));
        return sign == NUMERIC_NEG ? value.negate() : value;
    }

    private static String toText(byte[] b, int at, int ndigits, int weight, int sign) {
        return toBigDecimal(b, at, ndigits, weight, sign).stripTrailingZeros().toPlainString();
    }

    private FederatedException doesNotFit(String value) {
        return new FederatedException("column '" + column + "': numeric value " + value + " does not fit Spark "
                + type.sql() + " exactly; declare the column as numeric(p,s) with p <= 38, or read it through a"
                + " 'query' that casts it to text");
    }
}
