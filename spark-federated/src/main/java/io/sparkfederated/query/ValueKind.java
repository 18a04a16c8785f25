package io.sparkfederated.query;

/**
 * How a remote value is turned into Spark's internal representation. A reader switches on this;
 * the engine's type mapping decides it once per column.
 */
public enum ValueKind {
    BOOLEAN,
    SHORT,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    /** exact decimal; fails loudly rather than rounding */
    DECIMAL,
    /** text, or any type read in the remote database's text form */
    STRING,
    BINARY,
    DATE,
    /** TIMESTAMP_NTZ: wall-clock time, no zone */
    TIMESTAMP_NTZ,
    /** TIMESTAMP: an instant */
    TIMESTAMP,
    /** ARRAY: each element converted by the element's kind (see {@link ColumnMapping#element}) */
    ARRAY
}
