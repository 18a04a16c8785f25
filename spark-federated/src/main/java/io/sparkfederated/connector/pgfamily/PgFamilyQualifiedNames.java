package io.sparkfederated.connector.pgfamily;

import java.util.ArrayList;
import java.util.List;

import io.sparkfederated.FederatedException;

/** Splits {@code schema."My Table"} into its parts as PostgreSQL and Redshift read it ({@code ""} is a quote). */
public final class PgFamilyQualifiedNames {

    private PgFamilyQualifiedNames() {
    }

    public static List<String> parse(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < name.length() && name.charAt(i + 1) == '"') {
                        current.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
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
