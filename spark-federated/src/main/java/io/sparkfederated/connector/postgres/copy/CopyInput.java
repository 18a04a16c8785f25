package io.sparkfederated.connector.postgres.copy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.sql.SQLException;

import org.postgresql.copy.CopyOut;

/**
 * The bytes of a {@code COPY … TO STDOUT (FORMAT binary)} stream, read message by message from
 * pgjdbc, with big-endian primitive reads. Values are decoded in place from {@link #buffer()} at
 * {@link #position()}; a value that straddles two messages is stitched into a scratch buffer.
 */
public final class CopyInput {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte[] EMPTY = new byte[0];
    private static final int WAIT_SAMPLE = 16;

    private final CopyOut copyOut;
    private byte[] buffer = EMPTY;
    private int position;
    private int limit;
    private long bytesReceived;
    private long waitNanos;
    private long messages;

    public CopyInput(CopyOut copyOut) {
        this.copyOut = copyOut;
    }

    /** Makes at least {@code n} bytes readable from {@link #position()}; fails on a truncated stream. */
    public void require(int n) throws SQLException {
        if (limit - position >= n) {
            return;
        }
        int remaining = limit - position;
        byte[] carried = null;
        if (remaining > 0) {
            carried = new byte[Math.max(n, 64)];
            System.arraycopy(buffer, position, carried, 0, remaining);
        }
        while (true) {
            byte[] message;
            // one message in WAIT_SAMPLE is timed (and counted WAIT_SAMPLE times): a row is often one message,
            // and two clock reads per row would cost more than the estimate is worth
            if ((messages++ & (WAIT_SAMPLE - 1)) == 0) {
                long start = System.nanoTime();
                message = copyOut.readFromCopy();
                waitNanos += (System.nanoTime() - start) * WAIT_SAMPLE;
            } else {
                message = copyOut.readFromCopy();
            }
            if (message == null) {
                throw new SQLException("the COPY stream ended in the middle of a row", "08006");
            }
            bytesReceived += message.length;
            if (carried == null && message.length >= n) {
                buffer = message;
                position = 0;
                limit = message.length;
                return;
            }
            if (carried == null) {
                carried = new byte[Math.max(n, message.length)];
            } else if (carried.length < remaining + message.length) {
                carried = java.util.Arrays.copyOf(carried, Math.max(n, remaining + message.length));
            }
            System.arraycopy(message, 0, carried, remaining, message.length);
            remaining += message.length;
            if (remaining >= n) {
                buffer = carried;
                position = 0;
                limit = remaining;
                return;
            }
        }
    }

    public byte[] buffer() {
        return buffer;
    }

    public int position() {
        return position;
    }

    public void skip(int n) {
        position += n;
    }

    public short readShort() throws SQLException {
        require(2);
        short v = (short) SHORT.get(buffer, position);
        position += 2;
        return v;
    }

    public int readInt() throws SQLException {
        require(4);
        int v = (int) INT.get(buffer, position);
        position += 4;
        return v;
    }

    /** Reads at an absolute offset of the current buffer (no bounds beyond the buffer's). */
    public static short shortAt(byte[] b, int at) {
        return (short) SHORT.get(b, at);
    }

    public static int intAt(byte[] b, int at) {
        return (int) INT.get(b, at);
    }

    public static long longAt(byte[] b, int at) {
        return (long) LONG.get(b, at);
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    /** Time spent waiting for the server's bytes (estimated from every 16th message). */
    public long waitNanos() {
        return waitNanos;
    }
}
