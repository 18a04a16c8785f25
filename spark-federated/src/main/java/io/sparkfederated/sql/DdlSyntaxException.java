package io.sparkfederated.sql;

import io.sparkfederated.FederatedException;

/**
 * Malformed external-schema DDL. The message says what was expected, where (line and column), and
 * shows the line with the offending token underlined.
 */
public final class DdlSyntaxException extends FederatedException {

    DdlSyntaxException(String sql, int start, int end, String problem) {
        super(format(sql, start, end, problem));
    }

    private static String format(String sql, int start, int end, String problem) {
        int[] lc = lineAndColumn(sql, start);
        int lineStart = sql.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = sql.indexOf('\n', start);
        String text = sql.substring(lineStart, lineEnd < 0 ? sql.length() : lineEnd).replace('\t', ' ').stripTrailing();
        int width = Math.max(1, Math.min(end, lineEnd < 0 ? sql.length() : lineEnd) - start);
        return "Syntax error at line " + lc[0] + ", column " + lc[1] + ": " + problem + "\n"
                + text + "\n" + " ".repeat(Math.max(0, start - lineStart)) + "^".repeat(width);
    }

    private static int[] lineAndColumn(String sql, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(offset, sql.length()); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }
}
