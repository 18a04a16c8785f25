package io.sparkfederated.connector.postgres.copy;

import static io.sparkfederated.connector.postgres.copy.CopyInput.intAt;

import org.apache.spark.sql.execution.vectorized.WritableColumnVector;

import io.sparkfederated.FederatedException;

/**
 * PostgreSQL's binary array (ndim, has-null flag, element type, per-dimension size and lower bound,
 * then the elements in row-major order, each length-prefixed) into nested Spark arrays.
 */
final class ArrayDecoder implements ValueDecoder {

    private final ValueDecoder element;
    private final int dimensions;
    private final String column;

    ArrayDecoder(ValueDecoder element, int dimensions, String column) {
        this.element = element;
        this.dimensions = dimensions;
        this.column = column;
    }

    @Override
    public void append(byte[] b, int at, int length, WritableColumnVector v) {
        int ndim = intAt(b, at);
        if (ndim == 0) {
            // an empty array, whatever its declared dimensions
            v.appendArray(0);
            return;
        }
        if (ndim != dimensions) {
            throw new FederatedException("column '" + column + "' holds a " + ndim + "-dimensional array but is read as "
                    + dimensions + "-dimensional (a Spark column has one number of dimensions: the table column's declared"
                    + " ones, else those of its first non-empty value); declare the table column with the dimensions its"
                    + " values have (e.g. int[][] for two), or read it through a 'query' that casts it to text");
        }
        int[] sizes = new int[ndim];
        int p = at + 12;
        for (int d = 0; d < ndim; d++) {
            sizes[d] = intAt(b, p);
            p += 8; // size, lower bound (Spark arrays start at 0 whatever the bound)
        }
        appendLevel(b, p, sizes, 0, v);
    }

    private int appendLevel(byte[] b, int p, int[] sizes, int level, WritableColumnVector v) {
        int count = sizes[level];
        v.appendArray(count);
        WritableColumnVector child = v.arrayData();
        if (level == sizes.length - 1) {
            for (int i = 0; i < count; i++) {
                int len = intAt(b, p);
                p += 4;
                if (len < 0) {
                    child.appendNull();
                } else {
                    element.append(b, p, len, child);
                    p += len;
                }
            }
        } else {
            for (int i = 0; i < count; i++) {
                p = appendLevel(b, p, sizes, level + 1, child);
            }
        }
        return p;
    }
}
