package io.sparkfederated.connector;

/**
 * The remote database's own estimate of what a query returns, for Spark's optimizer.
 *
 * @param rows       estimated rows
 * @param rowBytes   estimated average width of a row, in bytes
 */
public record RemoteEstimate(long rows, long rowBytes) {

    /** Estimated bytes of the result (at least one byte per row, as Spark needs a positive size). */
    public long sizeInBytes() {
        return Math.max(1, rows) * Math.max(1, rowBytes);
    }
}
