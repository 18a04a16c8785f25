package io.sparkfederated.connector.postgres.copy;

import java.sql.SQLException;
import java.util.List;

import org.apache.spark.sql.execution.vectorized.WritableColumnVector;

import io.sparkfederated.FederatedException;
import io.sparkfederated.query.RemoteColumn;

/**
 * Decodes the rows of a binary COPY stream into a batch's column vectors, row by row. Fixed-width
 * values and strings are decoded inline by a switch on the column's kind and written at their row
 * ({@code putX}), so the per-value work is one predictable branch rather than a call through an
 * interface with many implementations; decimals and arrays go through their {@link ValueDecoder}
 * (appended). Each column keeps to one of the two styles within a batch.
 */
public final class RowDecoder {

    private static final byte GENERIC = 0;
    private static final byte BOOLEAN = 1;
    private static final byte SHORT = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte FLOAT = 5;
    private static final byte DOUBLE = 6;
    private static final byte BYTES = 7;
    private static final byte DATE = 8;
    private static final byte TIMESTAMP = 9;
    private static final byte TIMESTAMP_NTZ = 10;

    private final byte[] kinds;
    private final ValueDecoder[] generic;
    private final String[] names;
    private final String source;

    /** @param source names the source in the message of a row with the wrong number of columns */
    public RowDecoder(List<RemoteColumn> columns, String source) {
        this.source = source;
        int n = columns.size();
        kinds = new byte[n];
        generic = new ValueDecoder[n];
        names = new String[n];
        for (int c = 0; c < n; c++) {
            RemoteColumn column = columns.get(c);
            names[c] = column.name();
            kinds[c] = switch (column.mapping().kind()) {
                case BOOLEAN -> BOOLEAN;
                case SHORT -> SHORT;
                case INT -> INT;
                case LONG -> LONG;
                case FLOAT -> FLOAT;
                case DOUBLE -> DOUBLE;
                case STRING, BINARY -> BYTES;
                case DATE -> DATE;
                case TIMESTAMP -> TIMESTAMP;
                case TIMESTAMP_NTZ -> TIMESTAMP_NTZ;
                case DECIMAL, ARRAY -> GENERIC;
            };
            if (kinds[c] == GENERIC) {
                generic[c] = ValueDecoders.forMapping(column.mapping(), column.name());
            }
        }
    }

    /** Decodes the next row into position {@code row} of the vectors; false at the stream's trailer. */
    public boolean decodeRow(CopyInput in, WritableColumnVector[] vectors, int row) throws SQLException {
        short fields = in.readShort();
        if (fields == -1) {
            return false;
        }
        if (fields != kinds.length) {
            throw new FederatedException(source + ": expected " + kinds.length + " columns from COPY, got " + fields);
        }
        for (int c = 0; c < kinds.length; c++) {
            int length = in.readInt();
            WritableColumnVector v = vectors[c];
            byte kind = kinds[c];
            if (length < 0) {
                if (kind == GENERIC) {
                    v.appendNull();
                } else {
                    v.putNull(row);
                }
                continue;
            }
            in.require(length);
            byte[] b = in.buffer();
            int at = in.position();
            switch (kind) {
                case BOOLEAN -> v.putBoolean(row, b[fixed(at, length, 1, c)] != 0);
                case SHORT -> v.putShort(row, CopyInput.shortAt(b, fixed(at, length, 2, c)));
                case INT -> v.putInt(row, CopyInput.intAt(b, fixed(at, length, 4, c)));
                case LONG -> v.putLong(row, CopyInput.longAt(b, fixed(at, length, 8, c)));
                case FLOAT -> v.putFloat(row, Float.intBitsToFloat(CopyInput.intAt(b, fixed(at, length, 4, c))));
                case DOUBLE -> v.putDouble(row, Double.longBitsToDouble(CopyInput.longAt(b, fixed(at, length, 8, c))));
                case BYTES -> v.putByteArray(row, b, at, length);
                case DATE -> v.putInt(row, ValueDecoders.date(CopyInput.intAt(b, fixed(at, length, 4, c)), names[c]));
                case TIMESTAMP -> v.putLong(row, ValueDecoders.timestamp(CopyInput.longAt(b, fixed(at, length, 8, c)), names[c], "+00"));
                case TIMESTAMP_NTZ -> v.putLong(row, ValueDecoders.timestamp(CopyInput.longAt(b, fixed(at, length, 8, c)), names[c], ""));
                default -> generic[c].append(b, at, length, v);
            }
            in.skip(length);
        }
        return true;
    }

    private int fixed(int at, int length, int width, int column) {
        return length == width ? at : ValueDecoders.fixed(at, length, width, names[column]);
    }
}
