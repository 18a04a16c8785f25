package io.sparkfederated.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.EngineInfo;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.connector.Engines;

/**
 * Parses Redshift's external-schema DDL:
 * <pre>
 * CREATE EXTERNAL SCHEMA [IF NOT EXISTS] [catalog.]local_schema
 * FROM { POSTGRES | MYSQL | REDSHIFT }
 * DATABASE 'remote_db' [SCHEMA 'remote_schema'] URI 'host' [PORT n]
 * IAM_ROLE { default | 'arn[,arn…]' } SECRET_ARN 'arn'
 *
 * DROP SCHEMA [IF EXISTS] name [, …] [CASCADE | RESTRICT]
 * </pre>
 * Keywords are case-insensitive; the clauses after FROM may come in any order; names may be
 * unquoted (folded to lower case, as Redshift does) or quoted with {@code "…"} or {@code `…`}.
 * Anything else is not ours: {@link #parse} returns empty and Spark's own parser takes it.
 */
public final class DdlParser {

    /** A statement this parser understands. */
    public sealed interface Statement permits CreateExternalSchema, DropSchemas {
    }

    /**
     * @param name    one part (schema) or two (catalog, schema)
     * @param options the external schema's options, named as in {@link FederatedOptions}
     */
    public record CreateExternalSchema(List<String> name, boolean ifNotExists, Map<String, String> options) implements Statement {
    }

    /** @param names each one part (schema) or two (catalog, schema) */
    public record DropSchemas(List<List<String>> names, boolean ifExists, boolean cascade) implements Statement {
    }

    private static final Pattern CREATE_EXTERNAL_SCHEMA = Pattern.compile("CREATE\\s+EXTERNAL\\s+SCHEMA\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern DROP_SCHEMA = Pattern.compile("DROP\\s+SCHEMA\\b.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final String CLAUSES = "DATABASE, SCHEMA, URI, PORT, IAM_ROLE, SECRET_ARN";
    /** Redshift clauses of other kinds of external schema (Spectrum, streaming): named in errors, not supported. */
    private static final Set<String> OTHER_REDSHIFT_CLAUSES = Set.of("REGION", "AUTHENTICATION", "AUTHENTICATION_ARN",
            "CATALOG_ROLE", "CATALOG_ID", "CREATE");
    private static final Set<String> OTHER_REDSHIFT_SOURCES = Set.of("DATA", "HIVE", "KINESIS", "MSK", "KAFKA");

    private final String sql;
    private final List<Token> tokens;
    private final List<? extends EngineInfo> engines;
    private int at;

    private DdlParser(String sql, List<Token> tokens, List<? extends EngineInfo> engines) {
        this.sql = sql;
        this.tokens = tokens;
        this.engines = engines;
    }

    /**
     * The statement, or empty when the text is not external-schema DDL (Spark parses it then).
     *
     * @throws DdlSyntaxException when the text is CREATE EXTERNAL SCHEMA (or a DROP SCHEMA of several
     *                            names, which Spark's grammar lacks) but malformed
     */
    public static Optional<Statement> parse(String sql) {
        return parse(sql, Engines.installed());
    }

    /** As {@link #parse(String)}, with these engines' FROM keywords. */
    public static Optional<Statement> parse(String sql, List<? extends EngineInfo> engines) {
        String body = Lexer.skipLeadingCommentsAndSpace(sql);
        if (CREATE_EXTERNAL_SCHEMA.matcher(body).matches()) {
            return Optional.of(new DdlParser(sql, Lexer.tokenize(sql), engines).create());
        }
        if (DROP_SCHEMA.matcher(body).matches()) {
            List<Token> tokens;
            try {
                tokens = Lexer.tokenize(sql);
            } catch (DdlSyntaxException e) {
                return Optional.empty();
            }
            DdlParser parser = new DdlParser(sql, tokens, engines);
            try {
                return Optional.of(parser.drop());
            } catch (DdlSyntaxException e) {
                if (parser.sawNameList) {
                    throw e;
                }
                return Optional.empty(); // Spark's grammar reports it
            }
        }
        return Optional.empty();
    }

    // ---- CREATE EXTERNAL SCHEMA ----

    private CreateExternalSchema create() {
        keyword("CREATE");
        keyword("EXTERNAL");
        keyword("SCHEMA");
        boolean ifNotExists = false;
        if (peekWord("IF")) {
            next();
            keyword("NOT");
            keyword("EXISTS");
            ifNotExists = true;
        }
        List<String> name = qualifiedName("the external schema's name");
        Token from = next();
        if (!from.isWord("FROM")) {
            throw error(from, "expected FROM { " + String.join(" | ", keywords()) + " } after the schema name");
        }
        EngineInfo engine = engine(next());
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Token> seen = new LinkedHashMap<>();
        options.put(FederatedOptions.ENGINE, engine.name());
        while (!atEnd()) {
            Token clause = next();
            String word = clause.kind == Kind.WORD ? clause.upper() : "";
            if (seen.containsKey(word)) {
                throw error(clause, word + " is given twice");
            }
            switch (word) {
                case "DATABASE" -> options.put(FederatedOptions.DATABASE, string(clause));
                case "SCHEMA" -> {
                    if (engine.databaseIsSchema()) {
                        throw error(clause, "FROM " + engine.ddlKeyword() + " takes no SCHEMA clause: the "
                                + engine.displayName() + " database is the schema");
                    }
                    options.put(FederatedOptions.SCHEMA, string(clause));
                }
                case "URI" -> {
                    Token value = peek();
                    String host = string(clause).trim();
                    check(value, () -> FederatedOptions.checkHost(host, "URI"));
                    options.put(FederatedOptions.URI, host);
                    if (peekWord("PORT")) {
                        Token port = next();
                        seen.put("PORT", port);
                        options.put(FederatedOptions.PORT, port(port));
                    }
                }
                case "PORT" -> options.put(FederatedOptions.PORT, port(clause));
                case "IAM_ROLE" -> options.put(FederatedOptions.IAM_ROLE, iamRole(clause));
                case "SECRET_ARN" -> {
                    Token value = peek();
                    String arn = string(clause).trim();
                    check(value, () -> FederatedOptions.secretArnRegion(arn, "SECRET_ARN"));
                    options.put(FederatedOptions.SECRET_ARN, arn);
                }
                default -> {
                    if (OTHER_REDSHIFT_CLAUSES.contains(word)) {
                        throw error(clause, word + " is not a clause of FROM " + engine.ddlKeyword() + " (it belongs to other"
                                + " kinds of Redshift external schema); use " + CLAUSES);
                    }
                    throw error(clause, "expected one of " + CLAUSES + ", found " + clause.display());
                }
            }
            seen.put(word, clause);
        }
        Token end = peek();
        for (String required : List.of("DATABASE", "URI", "IAM_ROLE", "SECRET_ARN")) {
            if (!seen.containsKey(required)) {
                throw error(end, "CREATE EXTERNAL SCHEMA … FROM " + engine.ddlKeyword() + " needs a " + required + " clause"
                        + (required.equals("IAM_ROLE") ? " (IAM_ROLE default uses the cluster's own credentials)" : ""));
            }
        }
        options.putIfAbsent(FederatedOptions.PORT, Integer.toString(engine.defaultPort()));
        if (!engine.databaseIsSchema()) {
            options.putIfAbsent(FederatedOptions.SCHEMA, FederatedOptions.DEFAULT_SCHEMA);
        }
        return new CreateExternalSchema(name, ifNotExists, options);
    }

    private EngineInfo engine(Token t) {
        if (t.kind == Kind.WORD) {
            for (EngineInfo engine : engines) {
                if (engine.ddlKeyword().equals(t.upper()) || engine.aliases().contains(t.value.toLowerCase(Locale.ROOT))) {
                    return engine;
                }
            }
            if (OTHER_REDSHIFT_SOURCES.contains(t.upper())) {
                throw error(t, "FROM " + t.upper() + " is not a federated source; spark-federated maps "
                        + String.join(", ", keywords()) + " (read S3 and streams with Spark's own sources)");
            }
        }
        throw error(t, "expected " + orList(keywords()) + " after FROM, found " + t.display());
    }

    private List<String> keywords() {
        return engines.stream().map(EngineInfo::ddlKeyword).toList();
    }

    /** "A, B or C" */
    private static String orList(List<String> words) {
        int last = words.size() - 1;
        return last <= 0 ? String.join("", words) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
    }

    private String iamRole(Token clause) {
        Token value = next();
        if (value.isWord("DEFAULT")) {
            return "default";
        }
        if (value.kind != Kind.STRING) {
            throw error(value, "expected default or a quoted role ARN list after IAM_ROLE, found " + value.display());
        }
        if (value.value.equalsIgnoreCase("SESSION")) {
            throw error(value, "IAM_ROLE 'SESSION' (the caller's own identity) is not supported; use default or role ARNs");
        }
        check(value, () -> FederatedOptions.roleChain(value.value, "IAM_ROLE"));
        return value.value.trim();
    }

    private String port(Token clause) {
        Token value = next();
        if (value.kind == Kind.NUMBER) {
            try {
                int port = Integer.parseInt(value.value);
                if (port >= 1 && port <= 65535) {
                    return value.value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw error(value, "PORT must be between 1 and 65535, found " + value.value);
        }
        throw error(value, "expected a port number after PORT, found " + value.display());
    }

    // ---- DROP SCHEMA ----

    private boolean sawNameList;

    private DropSchemas drop() {
        keyword("DROP");
        keyword("SCHEMA");
        boolean ifExists = false;
        if (peekWord("IF")) {
            next();
            keyword("EXISTS");
            ifExists = true;
        }
        List<List<String>> names = new ArrayList<>();
        names.add(qualifiedName("a schema name"));
        while (peek().isSymbol(",")) {
            next();
            sawNameList = true;
            names.add(qualifiedName("a schema name after ','"));
        }
        boolean cascade = false;
        if (peekWord("CASCADE")) {
            next();
            cascade = true;
        } else if (peekWord("RESTRICT")) {
            next();
        }
        if (!atEnd()) {
            throw error(peek(), "expected ',', CASCADE, RESTRICT or the end of the statement, found " + peek().display());
        }
        return new DropSchemas(names, ifExists, cascade);
    }

    // ---- shared pieces ----

    private List<String> qualifiedName(String what) {
        List<String> parts = new ArrayList<>();
        parts.add(identifier(next(), what));
        while (peek().isSymbol(".")) {
            next();
            parts.add(identifier(next(), what));
        }
        if (parts.size() > 2) {
            throw error(tokens.get(at - 1), "a schema name has at most two parts (catalog.schema), found "
                    + String.join(".", parts));
        }
        return parts;
    }

    private String identifier(Token t, String what) {
        return switch (t.kind) {
            case WORD -> t.value.toLowerCase(Locale.ROOT);
            case QUOTED_IDENT -> t.value;
            default -> throw error(t, "expected " + what + ", found " + t.display());
        };
    }

    private String string(Token clause) {
        Token value = next();
        if (value.kind != Kind.STRING) {
            throw error(value, "expected a quoted string after " + clause.upper() + ", found " + value.display()
                    + (value.kind == Kind.WORD || value.kind == Kind.QUOTED_IDENT ? " (write it as '" + value.value + "')" : ""));
        }
        return value.value;
    }

    private void keyword(String word) {
        Token t = next();
        if (!t.isWord(word)) {
            throw error(t, "expected " + word + ", found " + t.display());
        }
    }

    /** Runs a check of a value; its complaint becomes a syntax error pointing at the value. */
    private void check(Token value, Runnable validation) {
        try {
            validation.run();
        } catch (FederatedException e) {
            throw error(value, e.getMessage().replace("option 'uri'", "URI").replace("option 'iam_role'", "IAM_ROLE")
                    .replace("option 'secret_arn'", "SECRET_ARN"));
        }
    }

    private boolean atEnd() {
        if (peek().isSymbol(";")) {
            next();
            if (peek().kind != Kind.EOF) {
                throw error(peek(), "only one statement at a time; found more text after ';'");
            }
        }
        return peek().kind == Kind.EOF;
    }

    private boolean peekWord(String word) {
        return peek().isWord(word);
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind != Kind.EOF) {
            at++;
        }
        return t;
    }

    private DdlSyntaxException error(Token t, String message) {
        return new DdlSyntaxException(sql, t.start, t.end, message);
    }

    // ---- tokens ----

    enum Kind { WORD, QUOTED_IDENT, STRING, NUMBER, SYMBOL, EOF }

    /** A token: its kind, its value (unquoted, unescaped) and where it is in the text. */
    record Token(Kind kind, String value, int start, int end) {
        boolean isWord(String word) {
            return kind == Kind.WORD && value.equalsIgnoreCase(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && value.equals(symbol);
        }

        String upper() {
            return value.toUpperCase(Locale.ROOT);
        }

        String display() {
            return switch (kind) {
                case EOF -> "the end of the statement";
                case STRING -> "'" + value + "'";
                default -> value;
            };
        }
    }

    /** Splits DDL text into tokens; skips spaces and SQL comments. */
    static final class Lexer {
        private Lexer() {
        }

        static String skipLeadingCommentsAndSpace(String sql) {
            int i = skip(sql, 0);
            return sql.substring(i);
        }

        /** The position after any spaces and comments from {@code i}. */
        private static int skip(String sql, int i) {
            while (i < sql.length()) {
                char ch = sql.charAt(i);
                if (Character.isWhitespace(ch)) {
                    i++;
                } else if (sql.startsWith("--", i)) {
                    int eol = sql.indexOf('\n', i);
                    i = eol < 0 ? sql.length() : eol + 1;
                } else if (sql.startsWith("/*", i)) {
                    int close = sql.indexOf("*/", i + 2);
                    if (close < 0) {
                        throw new DdlSyntaxException(sql, i, sql.length(), "unterminated comment");
                    }
                    i = close + 2;
                } else {
                    break;
                }
            }
            return i;
        }

        static List<Token> tokenize(String sql) {
            List<Token> tokens = new ArrayList<>();
            int i = skip(sql, 0);
            while (i < sql.length()) {
                char ch = sql.charAt(i);
                int start = i;
                if (Character.isLetter(ch) || ch == '_') {
                    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.WORD, sql.substring(start, i), start, i));
                } else if (Character.isDigit(ch)) {
                    while (i < sql.length() && Character.isLetterOrDigit(sql.charAt(i))) {
                        i++;
                    }
                    tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
                } else if (ch == '\'' || ch == '"' || ch == '`') {
                    StringBuilder value = new StringBuilder();
                    i++;
                    while (true) {
                        if (i >= sql.length()) {
                            throw new DdlSyntaxException(sql, start, sql.length(),
                                    ch == '\'' ? "unterminated string: a closing ' is missing" : "unterminated quoted name: a closing " + ch + " is missing");
                        }
                        char c = sql.charAt(i);
                        if (c == ch) {
                            if (i + 1 < sql.length() && sql.charAt(i + 1) == ch) {
                                value.append(ch); // doubled quote
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        value.append(c);
                        i++;
                    }
                    tokens.add(new Token(ch == '\'' ? Kind.STRING : Kind.QUOTED_IDENT, value.toString(), start, i));
                } else if (ch == '.' || ch == ',' || ch == ';') {
                    i++;
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(ch), start, i));
                } else {
                    throw new DdlSyntaxException(sql, start, start + 1, "unexpected character '" + ch + "'");
                }
                i = skip(sql, i);
            }
            tokens.add(new Token(Kind.EOF, "", sql.length(), sql.length()));
            return tokens;
        }
    }
}
