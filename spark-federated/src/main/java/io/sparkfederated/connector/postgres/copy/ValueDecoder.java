package io.sparkfederated.connector.postgres.copy;

import org.apache.spark.sql.execution.vectorized.WritableColumnVector;

/**
 * Decodes one non-NULL value of PostgreSQL's binary format ({@code typsend}) from
 * {@code bytes[at, at+length)} and appends it to a Spark column vector. The hot path of every
 * scan: no per-value allocation except where Spark's own representation needs it.
 */
@FunctionalInterface
public interface ValueDecoder {

    void append(byte[] bytes, int at, int length, WritableColumnVector vector);
}
