package io.sparkfederated.connector.jdbc;

import java.util.ArrayList;
import java.util.List;

import io.sparkfederated.FederatedException;

/**
 * Splits a dotted name ({@code schema."My Table"}, {@code db.`t`}) into its parts: a part in the
 * dialect's identifier quote is taken as written (the quote doubled stands for itself), an unquoted
 * part is trimmed.
 */
public final class QualifiedNames {

    private QualifiedNames() {
    }

    public static List<String> parse(String name, char quote) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (quoted) {
                if (c == quote) {
                    if (i + 1 < name.length() && name.charAt(i + 1) == quote) {
                        current.append(quote);
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    current.append(c);
                }
            } else if (c == quote) {
                quoted = true;
                wasQuoted = true;
            } else if (c == '.') {
                parts.add(finishPart(current, wasQuoted, name));
                current.setLength(0);
                wasQuoted = false;
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new FederatedException("unterminated quoted identifier in '" + name + "'");
        }
        parts.add(finishPart(current, wasQuoted, name));
        return parts;
    }

    private static String finishPart(StringBuilder part, boolean wasQuoted, String whole) {
        String s = wasQuoted ? part.toString() : part.toString().trim();
        if (s.isEmpty()) {
            throw new FederatedException("empty name part in '" + whole + "'");
        }
        return s;
    }
}
