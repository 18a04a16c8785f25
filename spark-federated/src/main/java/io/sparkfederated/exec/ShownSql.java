package io.sparkfederated.exec;

import java.util.Locale;

/**
 * Remote SQL as people see it (EXPLAIN, the Spark UI, {@code svl_federated_query}): a long array
 * literal of integers or strings — a runtime filter's join keys, which may number tens of thousands —
 * shows its first values and how many it holds. The statement sent is never changed.
 */
public final class ShownSql {

    /** Values of an array literal shown before the count. */
    private static final int SHOWN = 5;
    private static final String OPEN = "'{";
    private static final String[] CLOSES = {"}'::int8[]", "}'::int4[]", "}'::int2[]", "}'::text[]"};

    private ShownSql() {
    }

    public static String of(String sql) {
        if (sql == null || !sql.contains(CLOSES[0]) && !sql.contains(CLOSES[1])) {
            return sql;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int open = sql.indexOf(OPEN); open >= 0; open = sql.indexOf(OPEN, Math.max(open + 1, from))) {
            int values = 0;
            int cut = -1; // where the separator after the SHOWN-th value stands
            int at = open + OPEN.length();
            while (true) {
                at = valueEnd(sql, at);
                if (at < 0) {
                    break;
                }
                values++;
                if (at < sql.length() && sql.charAt(at) == ',') {
                    cut = values == SHOWN ? at : cut;
                    at++;
                } else {
                    break;
                }
            }
            String close = at < 0 ? null : closing(sql, at);
            if (close != null && cut >= 0) {
                out.append(sql, from, cut).append(",…").append(close)
                        .append(String.format(Locale.ROOT, " /* %,d values */", values));
                from = at + close.length();
            }
        }
        return out.append(sql, from, sql.length()).toString();
    }

    /** The end of the array element at {@code at}: a double-quoted string (backslash escapes) or digits, a minus sign, NULL; -1 if none. */
    private static int valueEnd(String sql, int at) {
        if (at < sql.length() && sql.charAt(at) == '"') {
            for (int i = at + 1; i < sql.length(); i++) {
                char ch = sql.charAt(i);
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    return i + 1;
                }
            }
            return -1;
        }
        if (sql.startsWith("NULL", at)) {
            return at + 4;
        }
        int i = at < sql.length() && sql.charAt(at) == '-' ? at + 1 : at;
        int digits = i;
        while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
            i++;
        }
        return i > digits ? i : -1;
    }

    private static String closing(String sql, int at) {
        for (String close : CLOSES) {
            if (sql.startsWith(close, at)) {
                return close;
            }
        }
        return null;
    }
}
