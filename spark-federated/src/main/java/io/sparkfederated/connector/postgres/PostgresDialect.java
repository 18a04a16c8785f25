package io.sparkfederated.connector.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.sparkfederated.FederatedException;
import io.sparkfederated.connector.Dialect;
import io.sparkfederated.connector.RemoteColumn;
import io.sparkfederated.connector.RemoteRelation;
import io.sparkfederated.read.RemoteQuery;

/** PostgreSQL's spelling of SQL. The only place identifiers are quoted and literals escaped. */
public final class PostgresDialect implements Dialect {

    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String quoteIdentifier(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new FederatedException("identifier contains a NUL character: not valid in PostgreSQL");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public String quoteStringLiteral(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new FederatedException("string literal contains a NUL character: not valid in PostgreSQL");
        }
        // E'' would interpret backslashes; standard_conforming_strings (on since 9.1) makes '' literal.
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public List<String> parseQualifiedName(String name) {
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

    @Override
    public String render(RemoteQuery query) {
        String select = query.columns().stream().map(this::selectItem).collect(Collectors.joining(", "));
        return "SELECT " + select + " FROM " + relation(query.table().relation());
    }

    private String selectItem(RemoteColumn column) {
        String quoted = quoteIdentifier(column.name());
        String cast = column.mapping().remoteCast();
        return cast == null ? quoted : quoted + "::" + cast + " AS " + quoted;
    }

    String relation(RemoteRelation relation) {
        if (relation.isQuery()) {
            return "(" + relation.query() + ") AS " + quoteIdentifier("q");
        }
        return quoteIdentifier(relation.schema()) + "." + quoteIdentifier(relation.table());
    }
}
