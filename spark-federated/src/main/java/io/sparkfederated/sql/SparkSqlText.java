package io.sparkfederated.sql;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Quoting for the Spark SQL text the DDL is rewritten into: the one place that escapes it. */
final class SparkSqlText {

    private SparkSqlText() {
    }

    /** A multi-part name, each part in backticks (a backtick inside doubled). */
    static String identifier(String... parts) {
        return Arrays.stream(parts).map(p -> "`" + p.replace("`", "``") + "`").collect(Collectors.joining("."));
    }

    /** A string literal: single quotes, with backslash and quote escaped (Spark's default literal syntax). */
    static String string(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
