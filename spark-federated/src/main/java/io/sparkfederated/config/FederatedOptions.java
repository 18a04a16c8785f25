package io.sparkfederated.config;

import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.sparkfederated.FederatedException;
import io.sparkfederated.credentials.CredentialSpec;

/**
 * Every option name and default, and the one parser that turns option maps (catalog conf,
 * {@code format("federated")} options) into an {@link ExternalSchema}. Names follow the clauses of
 * Redshift's {@code CREATE EXTERNAL SCHEMA}; they are case-insensitive.
 */
public final class FederatedOptions {

    public static final String ENGINE = CommonOptions.ENGINE.name();
    public static final String URI = CommonOptions.URI.name();
    public static final String PORT = CommonOptions.PORT.name();
    public static final String DATABASE = CommonOptions.DATABASE.name();
    public static final String SCHEMA = CommonOptions.SCHEMA.name();
    public static final String USER = CommonOptions.USER.name();
    public static final String PASSWORD = CommonOptions.PASSWORD.name();
    public static final String SECRET_ARN = CommonOptions.SECRET_ARN.name();
    public static final String IAM_ROLE = CommonOptions.IAM_ROLE.name();
    public static final String SSLMODE = CommonOptions.SSLMODE.name();
    public static final String AUTH = CommonOptions.AUTH.name();
    public static final String REGION = CommonOptions.REGION.name();
    private static final String SECRETSMANAGER_ENDPOINT = CommonOptions.SECRETSMANAGER_ENDPOINT.name();
    private static final String STS_ENDPOINT = CommonOptions.STS_ENDPOINT.name();

    /** Data source only: the remote {@code schema.table} to read. */
    public static final String DBTABLE = "dbtable";
    /** Data source only: a remote SELECT to read. */
    public static final String QUERY = "query";

    /** Per-read options (Spark JDBC's names): value-range splits of a view or query. */
    public static final String PARTITION_COLUMN = "partitioncolumn";
    public static final String LOWER_BOUND = "lowerbound";
    public static final String UPPER_BOUND = "upperbound";
    public static final String NUM_PARTITIONS = "numpartitions";

    public static final String DEFAULT_SCHEMA = "public";
    static final int MAX_ROLE_CHAIN = 10;

    /** The options of a single read that are not tuning options: value-range splits. */
    public static final Set<String> PARTITIONING = Set.of(PARTITION_COLUMN, LOWER_BOUND, UPPER_BOUND, NUM_PARTITIONS);
    public static final Set<String> DATA_SOURCE_ONLY = Set.of(DBTABLE, QUERY, PARTITION_COLUMN, LOWER_BOUND, UPPER_BOUND,
            NUM_PARTITIONS);

    /** Reads the fields of a Secrets Manager secret (I/O: given by the caller, so that parsing does none). */
    @FunctionalInterface
    public interface SecretFields {
        Map<String, String> read(String where, CredentialSpec secret);
    }

    private FederatedOptions() {
    }

    /**
     * Parses one external schema's options. Every problem found is reported in one error. Does no
     * I/O itself: the Secrets Manager secret (when it must fill in the host, port or database) is
     * read through {@code secrets}, and only once every other option is right.
     *
     * @param name         local name (catalog) or a label (data source), used in messages
     * @param options      option name to value; names are matched case-insensitively
     * @param extraAllowed further names the caller handles itself (e.g. {@code dbtable}); not errors
     * @param inherited    problems found in the catalog's defaults, reported with this schema's own
     * @param engines      the installed engines
     */
    public static ExternalSchema parse(String name, Map<String, String> options, Set<String> extraAllowed,
                                       List<String> inherited, List<? extends EngineInfo> engines, SecretFields secrets) {
        Map<String, String> opts = lowerCaseKeys(options);
        String where = name.startsWith("federated") ? name : "external schema '" + name + "'";
        Problems problems = new Problems(where, inherited);
        Problems engineProblem = new Problems(where, List.of());
        EngineInfo engine = engineProblem.check(() -> engine(required(opts, ENGINE, where), engines, where));
        List<String> valid = validNames(engine, extraAllowed);
        if (engine == null) { // unknown engine: whichever engine was meant, its options are no further problem
            engines.forEach(e -> e.options().forEach(o -> valid.add(o.name())));
        }
        opts.keySet().stream().filter(k -> !valid.contains(k))
                .forEach(k -> problems.add(engine == null ? unknownOption(k, valid) : otherEngineOrUnknown(k, engine, engines, valid)));
        engineProblem.found.forEach(problems::add);
        CredentialSpec credentials = credentials(opts, problems);
        boolean iamAuth = "iam".equalsIgnoreCase(opts.getOrDefault(AUTH, "").trim());
        boolean secret = !blank(opts.get(SECRET_ARN));
        String givenSslMode = problems.check(() -> sslMode(opts, iamAuth, where));
        Integer givenPort = opts.containsKey(PORT) ? problems.check(() -> port(opts, where)) : null;
        OptionValues tuning = tuning(opts, engine, problems);
        Integer connectTimeout = problems.check(() -> intValue(opts, CommonOptions.CONNECT_TIMEOUT, where));
        Integer metadataCacheTtl = problems.check(() -> intValue(opts, CommonOptions.METADATA_CACHE_TTL, where));

        // An RDS-managed secret also names the database: its host, port and dbname fill what the options
        // leave out. It is read only when every other option is right.
        boolean fromSecretNeeded = secret && (blank(opts.get(URI)) || blank(opts.get(DATABASE)) || !opts.containsKey(PORT));
        boolean secretRead = fromSecretNeeded && problems.none();
        Map<String, String> fromSecret = secretRead ? secrets.read(where, credentials) : Map.of();
        String givenHost = firstNonBlank(opts.get(URI), fromSecret.get("host"));
        String host = givenHost == null ? null : problems.check(() -> checkHost(givenHost.trim(), where));
        if (givenHost == null && (!fromSecretNeeded || secretRead)) {
            problems.add("option 'uri' is required" + (iamAuth ? " with auth=iam (the token is signed for the host)"
                    : secret ? " (the secret has no 'host' either)" : ""));
        }
        String database = firstNonBlank(opts.get(DATABASE), fromSecret.get("dbname"));
        if (database == null && (!fromSecretNeeded || secretRead)) {
            problems.add("option 'database' is required" + (secret ? " (the secret has no 'dbname' either)" : ""));
        }
        Integer port = opts.containsKey(PORT) ? givenPort : fromSecret.containsKey(PORT)
                ? problems.check(() -> port(fromSecret, where)) : engine == null ? null : engine.defaultPort();
        // without a given sslmode: require when a secret's login goes to another machine (passwords from
        // Secrets Manager do not cross networks in clear text) or with IAM tokens; else the driver's default (prefer)
        boolean local = host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("::1"));
        String sslMode = givenSslMode != null ? givenSslMode : iamAuth || (secret && !local) ? "require" : null;
        if (engine != null && engine.databaseIsSchema() && opts.containsKey(SCHEMA) && !opts.get(SCHEMA).equals(database)) {
            problems.add("engine '" + engine.name() + "' takes no 'schema' option: the " + engine.displayName()
                    + " database is the schema (set 'database')");
        }
        problems.throwIfAny();
        String remoteSchema = opts.getOrDefault(SCHEMA, engine.databaseIsSchema() ? database : DEFAULT_SCHEMA);
        return new ExternalSchema(name, engine.name(), host, port, database, remoteSchema, credentials,
                sslMode, opts.get(CommonOptions.SSLROOTCERT.name()), connectTimeout, tuning, metadataCacheTtl);
    }

    /**
     * The schema with a single read's options on top of its own (read option > external schema >
     * catalog defaults > built-in default). Only tuning options may be set per read.
     *
     * @param readOptions the read's options other than value-range splits
     */
    public static ExternalSchema withReadOptions(ExternalSchema schema, Map<String, String> readOptions, EngineInfo engine) {
        Map<String, String> opts = lowerCaseKeys(readOptions);
        opts.keySet().removeAll(PARTITIONING);
        if (opts.isEmpty()) {
            return schema;
        }
        String where = "read options of " + schema.describe();
        Problems problems = new Problems(where, List.of());
        List<String> perRead = perReadOptions(engine).stream().map(OptionSpec::name).toList();
        opts.keySet().stream().filter(k -> !perRead.contains(k)).forEach(k -> problems.add(
                validNames(engine, Set.of()).contains(k) ? "option '" + k + "' cannot be set per read; set it on the"
                        + " external schema" : unknownOption(k, perRead)));
        problems.throwIfAny();
        Map<String, String> merged = new LinkedHashMap<>(schema.tuning().asMap());
        merged.putAll(opts);
        OptionValues tuning = tuning(merged, engine, problems);
        problems.throwIfAny();
        return schema.withTuning(tuning);
    }

    /** The common per-read options and the engine's own (which a single read may set as well). */
    private static List<OptionSpec> perReadOptions(EngineInfo engine) {
        List<OptionSpec> specs = new ArrayList<>(CommonOptions.ALL.stream().filter(OptionSpec::perRead).toList());
        if (engine != null) {
            specs.addAll(engine.options());
        }
        return specs;
    }

    /**
     * Checks the tuning options given (common per-read ones and the engine's own), and how the engine's go together;
     * a common option not given takes the engine's own default where it has one.
     */
    private static OptionValues tuning(Map<String, String> opts, EngineInfo engine, Problems problems) {
        Map<String, String> values = new LinkedHashMap<>();
        for (OptionSpec spec : perReadOptions(engine)) {
            String value = opts.get(spec.name());
            if (value != null) {
                String checked = problems.check(() -> checked(spec, value, problems.where));
                if (checked != null) {
                    values.put(spec.name(), checked);
                }
            }
        }
        if (engine != null) {
            engine.optionDefaults().forEach((spec, value) -> values.putIfAbsent(spec.name(), value));
        }
        OptionValues tuning = new OptionValues(values);
        if (engine != null && problems.none()) {
            engine.checkOptions(tuning, problems::add);
        }
        return tuning;
    }

    private static List<String> validNames(EngineInfo engine, Set<String> extraAllowed) {
        List<String> valid = new ArrayList<>(CommonOptions.ALL.stream().map(OptionSpec::name).toList());
        if (engine != null) {
            engine.options().forEach(o -> valid.add(o.name()));
        }
        valid.addAll(new TreeSet<>(extraAllowed));
        return valid;
    }

    /** The engine an option belongs to, when it is another engine's; else "unknown option". */
    private static String otherEngineOrUnknown(String option, EngineInfo engine, List<? extends EngineInfo> engines,
                                               List<String> valid) {
        for (EngineInfo other : engines) {
            if (other.options().stream().anyMatch(o -> o.name().equals(option))) {
                return "option '" + option + "' is for engine '" + other.name() + "', not '" + engine.name() + "'";
            }
        }
        return unknownOption(option, valid);
    }

    /** The engine named by the option value (or one of its aliases), case-insensitively. */
    static EngineInfo engine(String value, List<? extends EngineInfo> engines, String where) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (EngineInfo engine : engines) {
            if (engine.name().equals(v) || engine.aliases().contains(v)) {
                return engine;
            }
        }
        throw new Problem(where, "unknown engine '" + value + "'; use one of "
                + String.join(", ", engines.stream().map(EngineInfo::name).toList()));
    }

    /** The value of a simple option, checked by its spec, or its built-in default. */
    private static int intValue(Map<String, String> opts, OptionSpec spec, String where) {
        String value = opts.get(spec.name());
        return Integer.parseInt(value == null ? spec.defaultValue() : checked(spec, value, where));
    }

    private static String checked(OptionSpec spec, String value, String where) {
        try {
            return spec.check(value);
        } catch (IllegalArgumentException e) {
            throw new Problem(where, e.getMessage());
        }
    }

    private static int port(Map<String, String> opts, String where) {
        return Integer.parseInt(checked(OptionSpec.positiveInt(PORT, 0, ""), opts.get(PORT), where));
    }

    /**
     * "unknown option 'x'" with the valid name it most likely means ("did you mean 'sslmode'?"), or
     * the list of valid names when none is close.
     */
    public static String unknownOption(String option, List<String> valid) {
        String meant = nearest(option, valid);
        return "unknown option '" + option + "'" + (meant != null ? " (did you mean '" + meant + "'?)"
                : "; valid options are " + new TreeSet<>(valid));
    }

    /** Names people write for an option under another name. */
    private static final Map<String, String> ALIASES = Map.of("host", URI, "hostname", URI, "dbname", DATABASE,
            "username", USER);

    /** The valid name closest to a misspelt one (by edits, ignoring '_' and '-'), or null when none is close. */
    static String nearest(String option, List<String> valid) {
        String alias = ALIASES.get(option);
        if (alias != null && valid.contains(alias)) {
            return alias;
        }
        String typed = option.replaceAll("[-_]", "");
        int allowed = typed.length() <= 4 ? 1 : typed.length() <= 8 ? 2 : 3;
        String best = null;
        int bestDistance = allowed + 1;
        for (String candidate : valid) {
            int d = editDistance(typed, candidate.replaceAll("[-_]", ""));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Insertions, deletions, substitutions and swaps of neighbours that turn a into b. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * user + password, secret_arn (+ iam_role), or auth=iam with user (+ iam_role): exactly one. Null
     * when the options have problems (they are added to {@code problems}).
     */
    private static CredentialSpec credentials(Map<String, String> opts, Problems problems) {
        String where = problems.where;
        int before = problems.count();
        String auth = opts.getOrDefault(AUTH, "password").trim().toLowerCase(Locale.ROOT);
        String secretArn = opts.get(SECRET_ARN);
        CredentialSpec spec = null;
        if (!auth.equals("password") && !auth.equals("iam")) {
            problems.add("option 'auth' must be 'password' or 'iam', got '" + auth + "'");
        } else if (auth.equals("iam")) {
            if (!blank(secretArn) || opts.containsKey(PASSWORD)) {
                problems.add("auth=iam logs in with a token instead of a password; remove 'password' and 'secret_arn'");
            }
            String region = firstNonBlank(opts.get(REGION), rdsRegion(opts.getOrDefault(URI, "")));
            if (region == null) {
                problems.add("auth=iam needs the instance's AWS region: set 'region' (it is read from RDS host names"
                        + " like mydb.xxxx.us-east-1.rds.amazonaws.com)");
            }
            String user = problems.check(() -> required(opts, USER, where));
            List<String> roles = problems.check(() -> roleChain(opts.get(IAM_ROLE), where));
            String sts = problems.check(() -> endpoint(opts, STS_ENDPOINT, where));
            if (problems.count() == before) {
                spec = new CredentialSpec(user, null, null, roles, true, region.trim(), null, sts, 0);
            }
        } else if (blank(secretArn)) {
            if (opts.containsKey(IAM_ROLE)) {
                problems.add("option 'iam_role' is used to read 'secret_arn' (or to sign auth=iam tokens); set one of them");
            }
            String user = problems.check(() -> required(opts, USER, where));
            spec = user == null ? null : CredentialSpec.plain(user, opts.getOrDefault(PASSWORD, ""));
        } else {
            if (opts.containsKey(USER) || opts.containsKey(PASSWORD)) {
                problems.add("set either 'secret_arn' or 'user'/'password', not both (the secret holds the user name"
                        + " and password)");
            }
            String arn = secretArn.trim();
            String region = problems.check(() -> secretArnRegion(arn, where));
            List<String> roles = problems.check(() -> roleChain(opts.get(IAM_ROLE), where));
            String secretsManager = problems.check(() -> endpoint(opts, SECRETSMANAGER_ENDPOINT, where));
            String sts = problems.check(() -> endpoint(opts, STS_ENDPOINT, where));
            Integer ttl = problems.check(() -> intValue(opts, CommonOptions.SECRET_CACHE_TTL, where));
            if (problems.count() == before) {
                spec = new CredentialSpec(null, null, arn, roles, false, region, secretsManager, sts, ttl);
            }
        }
        return spec;
    }

    /** Checks that a URI option is a bare host name or IP address, as Redshift's URI clause wants. */
    public static String checkHost(String host, String where) {
        if (host.isEmpty() || host.contains("://") || host.contains("/") || host.chars().anyMatch(Character::isWhitespace)) {
            throw new Problem(where, "option 'uri' must be a host name or IP address without a protocol"
                    + " or path (as in Redshift's URI clause), got '" + host + "'");
        }
        return host;
    }

    /** Checks a Secrets Manager secret ARN and returns its region. */
    public static String secretArnRegion(String secretArn, String where) {
        String[] parts = secretArn.split(":", -1);
        if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("secretsmanager") || parts[3].isEmpty()
                || !parts[5].equals("secret")) {
            throw new Problem(where, "option 'secret_arn' must be a Secrets Manager secret ARN"
                    + " (arn:aws:secretsmanager:<region>:<account>:secret:<name>), got '" + secretArn + "'");
        }
        return parts[3];
    }

    /** The region in an RDS endpoint name ({@code <name>.<id>.<region>.rds.amazonaws.com}), or null. */
    private static String rdsRegion(String host) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.([a-z]{2}(?:-[a-z]+)+-\\d)\\.rds\\.amazonaws\\.com$")
                .matcher(host.trim().toLowerCase(Locale.ROOT));
        return m.find() ? m.group(1) : null;
    }

    /** 'default' or absent: no roles (the default credentials chain); else up to 10 role ARNs, comma-separated. */
    public static List<String> roleChain(String value, String where) {
        return roleChain(value, IAM_ROLE, where);
    }

    /** As {@link #roleChain(String, String)} for another option that names roles. */
    public static List<String> roleChain(String value, String option, String where) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("default")) {
            return List.of();
        }
        List<String> roles = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String role = part.trim();
            if (!role.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+")) {
                throw new Problem(where, "option '" + option + "' must be 'default' or IAM role ARNs separated by"
                        + " commas (arn:aws:iam::<account>:role/<name>), got '" + role + "'");
            }
            roles.add(role);
        }
        if (roles.size() > MAX_ROLE_CHAIN) {
            throw new Problem(where, "option '" + option + "' chains " + roles.size() + " roles; at most "
                    + MAX_ROLE_CHAIN + " can be chained");
        }
        return roles;
    }

    private static String endpoint(Map<String, String> opts, String key, String where) {
        String value = opts.get(key);
        if (blank(value)) {
            return null;
        }
        try {
            java.net.URI uri = java.net.URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("not absolute");
            }
            return uri.toString();
        } catch (IllegalArgumentException e) {
            throw new Problem(where, "option '" + key + "' must be a URL such as https://vpce-….amazonaws.com,"
                    + " got '" + value + "'");
        }
    }

    /** The sslmode option, checked (auth=iam needs TLS), or null when not given. */
    private static String sslMode(Map<String, String> opts, boolean iamAuth, String where) {
        String mode = opts.get(SSLMODE);
        if (mode == null) {
            return null;
        }
        mode = mode.trim().toLowerCase(Locale.ROOT);
        if (!CommonOptions.SSLMODE.choices().contains(mode)) {
            throw new Problem(where, "option 'sslmode' must be one of " + new TreeSet<>(CommonOptions.SSLMODE.choices())
                    + ", got '" + mode + "'");
        }
        if (iamAuth && Set.of("disable", "allow", "prefer").contains(mode)) {
            throw new Problem(where, "auth=iam sends a token that must not cross the network in clear text; use"
                    + " sslmode=require, verify-ca or verify-full");
        }
        return mode;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstNonBlank(String a, String b) {
        return !blank(a) ? a : !blank(b) ? b : null;
    }

    /**
     * Groups catalog options of the form {@code schemas.<name>.<option>} by external schema name
     * (lower-cased, as Redshift folds unquoted schema names). Other keys are left to the caller.
     */
    public static Map<String, Map<String, String>> groupSchemaOptions(Map<String, String> catalogOptions) {
        Map<String, Map<String, String>> bySchema = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : catalogOptions.entrySet()) {
            String key = e.getKey();
            if (!key.toLowerCase(Locale.ROOT).startsWith("schemas.")) {
                continue;
            }
            String rest = key.substring("schemas.".length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                throw new FederatedException("catalog option '" + key + "' is malformed; expected schemas.<name>.<option>");
            }
            String schema = rest.substring(0, dot).toLowerCase(Locale.ROOT);
            bySchema.computeIfAbsent(schema, k -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
        }
        return bySchema;
    }

    public static Map<String, String> lowerCaseKeys(Map<String, String> options) {
        Map<String, String> lower = new LinkedHashMap<>();
        options.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }

    private static String required(Map<String, String> opts, String key, String where) {
        String value = opts.get(key);
        if (value == null || value.isBlank()) {
            throw new Problem(where, "option '" + key + "' is required");
        }
        return value;
    }

    /**
     * One problem with an option: a {@link FederatedException} whose message starts with where it is
     * ({@code external schema 'x': …}), so that {@link Problems} can collect it without that prefix.
     */
    public static final class Problem extends FederatedException {
        private final String text;

        Problem(String where, String text) {
            super(where + ": " + text);
            this.text = text;
        }

        /** The problem without where it is. */
        public String text() {
            return text;
        }
    }

    /** The problems of one external schema's options, all reported together in one error. */
    private static final class Problems {
        private final String where;
        private final List<String> found;

        Problems(String where, List<String> inherited) {
            this.where = where;
            this.found = new ArrayList<>(inherited);
        }

        void add(String problem) {
            found.add(problem);
        }

        /** Runs one check and returns its value, or null when it found a problem (kept, not thrown). */
        <T> T check(java.util.function.Supplier<T> check) {
            try {
                return check.get();
            } catch (Problem p) {
                found.add(p.text);
                return null;
            }
        }

        int count() {
            return found.size();
        }

        boolean none() {
            return found.isEmpty();
        }

        void throwIfAny() {
            if (found.size() == 1) {
                throw new FederatedException(where + ": " + found.get(0));
            }
            if (!found.isEmpty()) {
                StringBuilder message = new StringBuilder(where + " has " + found.size() + " problems:");
                for (int i = 0; i < found.size(); i++) {
                    message.append(i == 0 ? " " : "; ").append('(').append(i + 1).append(") ").append(found.get(i));
                }
                throw new FederatedException(message.toString());
            }
        }
    }
}
