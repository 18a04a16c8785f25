package io.sparkfederated.exec;

import java.util.Locale;

/**
 * Remote SQL as people see it (EXPLAIN, the Spark UI, {@code svl_federated_query}): a long integer
 * array literal — a runtime filter's join keys, which may number tens of thousands — shows its
 * first values and how many it holds. The statement sent is never changed.
 */
public final class ShownSql {

    /** Values of an array literal shown before the count. */
    private static final int SHOWN = 5;
    private static final String OPEN = "'{";
    private static final String CLOSE = "}'::int8[]";

    private ShownSql() {
    }

    public static String of(String sql) {
        if (sql == null || !sql.contains(CLOSE)) {
            return sql;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int open = sql.indexOf(OPEN); open >= 0; open = sql.indexOf(OPEN, open + 1)) {
            int end = open + OPEN.length();
            int values = 1;
            int cut = -1; // where the value after the SHOWN-th starts
            while (end < sql.length() && isArrayChar(sql.charAt(end))) {
                if (sql.charAt(end) == ',' && ++values == SHOWN + 1) {
                    cut = end;
                }
                end++;
            }
            if (cut >= 0 && sql.startsWith(CLOSE, end)) {
                out.append(sql, from, cut).append(",…").append(CLOSE)
                        .append(String.format(Locale.ROOT, " /* %,d values */", values));
                from = end + CLOSE.length();
                open = from - 1;
            }
        }
        return out.append(sql, from, sql.length()).toString();
    }

    /** What an integer array literal holds: digits, minus signs, commas and NULL. */
    private static boolean isArrayChar(char c) {
        return c >= '0' && c <= '9' || c == '-' || c == ',' || c == 'N' || c == 'U' || c == 'L';
    }
}
