package io.sparkfederated.pushdown;

import org.apache.spark.sql.types.StringType;

/** Spark 4's string collations: only the default one (UTF8_BINARY) compares by bytes. */
public final class StringCollations {

    private StringCollations() {
    }

    /** Whether strings of this type compare by their UTF-8 bytes (code points), as PostgreSQL's COLLATE "C" does. */
    public static boolean comparesBytes(StringType type) {
        return type.isUTF8BinaryCollation();
    }
}
