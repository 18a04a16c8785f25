package io.sparkfederated.pushdown;

import org.apache.spark.sql.types.StringType;

/** Spark 3.5 has no string collations: strings always compare by their UTF-8 bytes. */
public final class StringCollations {

    private StringCollations() {
    }

    /** Whether strings of this type compare by their UTF-8 bytes (code points), as PostgreSQL's COLLATE "C" does. */
    public static boolean comparesBytes(StringType type) {
        return true;
    }
}
