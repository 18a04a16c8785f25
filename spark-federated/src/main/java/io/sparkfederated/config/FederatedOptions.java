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
import io.sparkfederated.credentials.LoginResolver;
import io.sparkfederated.query.ColumnPartitioning;

/**
 * Every option name and default, and the one parser that turns option maps (catalog conf,
 * {@code format("federated")} options) into an {@link ExternalSchema}. Names follow the clauses of
 * Redshift's {@code CREATE EXTERNAL SCHEMA}; they are case-insensitive.
 */
public final class FederatedOptions {

    public static final String ENGINE = "engine";
    public static final String URI = "uri";
    public static final String PORT = "port";
    public static final String DATABASE = "database";
    public static final String SCHEMA = "schema";
    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    public static final String SPLIT_SIZE_MB = "split_size_mb";
    public static final String MAX_CONNECTIONS = "max_connections";
    public static final String CONSISTENT_SNAPSHOT = "consistent_snapshot";
    public static final String BATCH_SIZE = "batch_size";
    public static final String METADATA_CACHE_TTL = "metadata_cache_ttl";
    public static final String LOCK_TIMEOUT = "lock_timeout";
    public static final String STATISTICS = "statistics";
    /** Most join-key values a runtime filter (dynamic pruning) sends as an IN list; more become a range; 0 = off. */
    public static final String RUNTIME_FILTER_MAX_VALUES = "runtime_filter_max_values";
    /** Redshift: auto, jdbc or unload. */
    public static final String READ_METHOD = "read_method";
    /** Redshift: the S3 directory UNLOAD writes to (and the scan deletes from). */
    public static final String TEMPDIR = "tempdir";
    /** Redshift: the role UNLOAD writes to S3 with. */
    public static final String UNLOAD_IAM_ROLE = "unload_iam_role";
    /** Redshift, read_method=auto: estimated MB from which UNLOAD is used. */
    public static final String UNLOAD_THRESHOLD_MB = "unload_threshold_mb";
    /** AWS Secrets Manager secret holding the database login (Redshift's SECRET_ARN). */
    public static final String SECRET_ARN = "secret_arn";
    /** IAM role(s) assumed, in order, to read the secret (Redshift's IAM_ROLE): 'default' or 'arn[,arn…]'. */
    public static final String IAM_ROLE = "iam_role";
    public static final String SECRETSMANAGER_ENDPOINT = "secretsmanager_endpoint";
    public static final String STS_ENDPOINT = "sts_endpoint";
    public static final String SECRET_CACHE_TTL = "secret_cache_ttl";
    public static final String SSLMODE = "sslmode";
    /** {@code password} (default; or a secret) or {@code iam}: RDS IAM database authentication tokens. */
    public static final String AUTH = "auth";
    /** AWS region of an RDS instance for {@code auth=iam} (default: from an RDS host name). */
    public static final String REGION = "region";
    public static final String SSLROOTCERT = "sslrootcert";

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
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_SPLIT_SIZE_MB = 64;
    public static final int DEFAULT_MAX_CONNECTIONS = 8;
    public static final int DEFAULT_BATCH_SIZE = 4096;
    public static final int DEFAULT_METADATA_CACHE_TTL_SECONDS = 60;
    public static final int DEFAULT_LOCK_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_SECRET_CACHE_TTL_SECONDS = 300;
    public static final int DEFAULT_RUNTIME_FILTER_MAX_VALUES = 1000;
    public static final int DEFAULT_UNLOAD_THRESHOLD_MB = 100;
    static final int MAX_ROLE_CHAIN = 10;
    static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public static final List<String> SCHEMA_OPTIONS = List.of(ENGINE, URI, PORT, DATABASE, SCHEMA, USER, PASSWORD,
            SECRET_ARN, IAM_ROLE, SECRETSMANAGER_ENDPOINT, STS_ENDPOINT, SECRET_CACHE_TTL, SSLMODE, SSLROOTCERT, AUTH, REGION,
            CONNECT_TIMEOUT, SPLIT_SIZE_MB, MAX_CONNECTIONS, CONSISTENT_SNAPSHOT, LOCK_TIMEOUT, BATCH_SIZE, METADATA_CACHE_TTL, STATISTICS,
            RUNTIME_FILTER_MAX_VALUES, READ_METHOD, TEMPDIR, UNLOAD_IAM_ROLE, UNLOAD_THRESHOLD_MB);
    public static final Set<String> DATA_SOURCE_ONLY = Set.of(DBTABLE, QUERY, PARTITION_COLUMN, LOWER_BOUND, UPPER_BOUND,
            NUM_PARTITIONS);

    private FederatedOptions() {
    }

    /**
     * Parses one external schema's options. Every problem found is reported in one error; the
     * Secrets Manager secret (when it must fill in the host or database) is read only when there is none.
     *
     * @param name         local name (catalog) or a label (data source), used in messages
     * @param options      option name to value; names are matched case-insensitively
     * @param extraAllowed further names the caller handles itself (e.g. {@code dbtable}); not errors
     */
    public static ExternalSchema parse(String name, Map<String, String> options, Set<String> extraAllowed) {
        return parse(name, options, extraAllowed, List.of());
    }

    /** As {@link #parse(String, Map, Set)}, reporting {@code inherited} problems (of catalog defaults) with its own. */
    public static ExternalSchema parse(String name, Map<String, String> options, Set<String> extraAllowed,
                                       List<String> inherited) {
        Map<String, String> opts = lowerCaseKeys(options);
        String where = name.startsWith("federated") ? name : "external schema '" + name + "'";
        Problems problems = new Problems(where, inherited);
        List<String> valid = new ArrayList<>(SCHEMA_OPTIONS);
        valid.addAll(new TreeSet<>(extraAllowed));
        opts.keySet().stream().filter(k -> !valid.contains(k)).forEach(k -> problems.add(unknownOption(k, valid)));
        Engine engine = problems.check(() -> Engine.parse(required(opts, ENGINE, where), where));
        CredentialSpec credentials = credentials(opts, problems);
        boolean iamAuth = "iam".equalsIgnoreCase(opts.getOrDefault(AUTH, "").trim());
        boolean secret = !blank(opts.get(SECRET_ARN));
        String givenSslMode = problems.check(() -> sslMode(opts, iamAuth, where));
        Integer givenPort = opts.containsKey(PORT) ? problems.check(() -> positiveInt(opts, PORT, 0, where)) : null;
        Integer connectTimeout = problems.check(() -> positiveInt(opts, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT_SECONDS, where));
        Integer splitSizeMb = problems.check(() -> positiveInt(opts, SPLIT_SIZE_MB, DEFAULT_SPLIT_SIZE_MB, where));
        Integer maxConnections = problems.check(() -> positiveInt(opts, MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS, where));
        Boolean consistentSnapshot = problems.check(() -> bool(opts, CONSISTENT_SNAPSHOT, true, where));
        Integer lockTimeout = problems.check(() -> nonNegativeInt(opts, LOCK_TIMEOUT, DEFAULT_LOCK_TIMEOUT_SECONDS,
                "seconds", where));
        Integer batchSize = problems.check(() -> positiveInt(opts, BATCH_SIZE, DEFAULT_BATCH_SIZE, where));
        Boolean statistics = problems.check(() -> bool(opts, STATISTICS, true, where));
        Integer runtimeFilterMaxValues = problems.check(() -> nonNegativeInt(opts, RUNTIME_FILTER_MAX_VALUES,
                DEFAULT_RUNTIME_FILTER_MAX_VALUES, "values", where));
        UnloadOptions unload = unload(opts, engine, problems);
        Integer metadataCacheTtl = problems.check(() -> nonNegativeInt(opts, METADATA_CACHE_TTL,
                DEFAULT_METADATA_CACHE_TTL_SECONDS, "seconds", where));

        // An RDS-managed secret also names the database: its host, port and dbname fill what the options
        // leave out. It is read only when every other option is right.
        boolean fromSecretNeeded = secret && (blank(opts.get(URI)) || blank(opts.get(DATABASE)) || !opts.containsKey(PORT));
        boolean secretRead = fromSecretNeeded && problems.none();
        Map<String, String> fromSecret = secretRead ? LoginResolver.secret(where, credentials).secretFields() : Map.of();
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
        Integer port = opts.containsKey(PORT) ? givenPort : problems.check(() -> positiveInt(fromSecret, PORT,
                engine == null ? 0 : engine.defaultPort(), where));
        // without a given sslmode: require when a secret's login goes to another machine (passwords from
        // Secrets Manager do not cross networks in clear text) or with IAM tokens; else the driver's default (prefer)
        boolean local = host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("::1"));
        String sslMode = givenSslMode != null ? givenSslMode : iamAuth || (secret && !local) ? "require" : null;
        // MySQL has no schemas inside a database: the database is the schema
        String remoteSchema = engine == Engine.MYSQL ? database : opts.getOrDefault(SCHEMA, DEFAULT_SCHEMA);
        if (engine == Engine.MYSQL && opts.containsKey(SCHEMA) && !opts.get(SCHEMA).equals(database)) {
            problems.add("engine 'mysql' takes no 'schema' option: the MySQL database is the schema (set 'database')");
        }
        problems.throwIfAny();
        return new ExternalSchema(name, engine, host, port, database, remoteSchema, credentials,
                sslMode, opts.get(SSLROOTCERT), connectTimeout,
                new ScanOptions(splitSizeMb * 1024L * 1024L, maxConnections, consistentSnapshot, lockTimeout, batchSize, statistics,
                        runtimeFilterMaxValues, unload),
                metadataCacheTtl);
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
     * Redshift's UNLOAD options: a temporary directory and a role go together; read_method=unload
     * needs both and engine redshift.
     */
    private static UnloadOptions unload(Map<String, String> opts, Engine engine, Problems problems) {
        String where = problems.where;
        UnloadOptions.Method method = problems.check(() -> UnloadOptions.Method.parse(opts.getOrDefault(READ_METHOD, "auto"), where));
        String tempDir = blank(opts.get(TEMPDIR)) ? null : opts.get(TEMPDIR).trim();
        String role = blank(opts.get(UNLOAD_IAM_ROLE)) ? null : opts.get(UNLOAD_IAM_ROLE).trim();
        if (method == UnloadOptions.Method.UNLOAD && engine != null && engine != Engine.REDSHIFT) {
            problems.add("read_method=unload is for engine 'redshift' (UNLOAD is Redshift's); remove it or set 'jdbc'/'auto'");
        }
        if (method == UnloadOptions.Method.UNLOAD && tempDir == null) {
            problems.add("read_method=unload needs option 'tempdir' (an S3 directory such as"
                    + " s3a://my-bucket/spark-federated-tmp that Redshift may write to and Spark may read and delete)");
        }
        if (tempDir != null) {
            if (!tempDir.matches("(?i)s3[an]?://[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9](/[^'\\\\]*)?")) {
                problems.add("option 'tempdir' must be an S3 URL (s3://, s3a:// or s3n://<bucket>/<prefix>), got '"
                        + tempDir + "'");
            }
            tempDir = tempDir.replaceAll("/+$", "");
            if (role == null) {
                problems.add("option 'tempdir' needs 'unload_iam_role': the IAM role (ARN, or 'default' for the"
                        + " cluster's default role) Redshift's UNLOAD writes to " + tempDir + " with");
            } else if (!role.equalsIgnoreCase("default")) {
                String roles = role;
                role = problems.check(() -> String.join(",", roleChain(roles, UNLOAD_IAM_ROLE, where)));
            } else {
                role = "default";
            }
        }
        Integer threshold = problems.check(() -> nonNegativeInt(opts, UNLOAD_THRESHOLD_MB, DEFAULT_UNLOAD_THRESHOLD_MB,
                "MB", where));
        return problems.none() ? new UnloadOptions(method, tempDir, role, threshold * 1024L * 1024L) : null;
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
            Integer ttl = problems.check(() -> nonNegativeInt(opts, SECRET_CACHE_TTL, DEFAULT_SECRET_CACHE_TTL_SECONDS,
                    "seconds", where));
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

    private static List<String> roleChain(String value, String option, String where) {
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
        if (!SSL_MODES.contains(mode)) {
            throw new Problem(where, "option 'sslmode' must be one of " + new TreeSet<>(SSL_MODES) + ", got '" + mode + "'");
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
     * Reads {@code partitionColumn}, {@code lowerBound}, {@code upperBound}, {@code numPartitions} from
     * read options: all four or none. Bounds are integers or dates ({@code yyyy-MM-dd}).
     */
    public static ColumnPartitioning columnPartitioning(Map<String, String> readOptions, String where) {
        Map<String, String> opts = lowerCaseKeys(readOptions);
        List<String> names = List.of(PARTITION_COLUMN, LOWER_BOUND, UPPER_BOUND, NUM_PARTITIONS);
        long given = names.stream().filter(opts::containsKey).count();
        if (given == 0) {
            return null;
        }
        if (given < names.size()) {
            throw new Problem(where, "options partitionColumn, lowerBound, upperBound and numPartitions"
                    + " go together; set all four");
        }
        long lower = bound(opts.get(LOWER_BOUND), "lowerBound", where);
        long upper = bound(opts.get(UPPER_BOUND), "upperBound", where);
        if (lower >= upper) {
            throw new Problem(where, "lowerBound must be below upperBound");
        }
        return new ColumnPartitioning(opts.get(PARTITION_COLUMN), lower, upper,
                positiveInt(opts, NUM_PARTITIONS, 1, where));
    }

    private static long bound(String value, String name, String where) {
        String v = value.trim();
        try {
            return v.matches("-?\\d+") ? Long.parseLong(v) : java.time.LocalDate.parse(v).toEpochDay();
        } catch (RuntimeException e) {
            throw new Problem(where, "option '" + name + "' must be an integer or a date (yyyy-MM-dd), got '" + value + "'");
        }
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

    private static boolean bool(Map<String, String> opts, String key, boolean defaultValue, String where) {
        String value = opts.get(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new Problem(where, "option '" + key + "' must be true or false, got '" + value + "'");
        };
    }

    /** An option that may be 0 (which turns something off or means "every time"); {@code unit} says what it counts. */
    private static int nonNegativeInt(Map<String, String> opts, String key, int defaultValue, String unit, String where) {
        return intOption(opts, key, defaultValue, 0, "a number of " + unit + " ≥ 0", where);
    }

    private static int positiveInt(Map<String, String> opts, String key, int defaultValue, String where) {
        return intOption(opts, key, defaultValue, 1, "a positive integer", where);
    }

    private static int intOption(Map<String, String> opts, String key, int defaultValue, int min, String expected,
                                 String where) {
        String value = opts.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new Problem(where, "option '" + key + "' must be " + expected + ", got '" + value + "'");
    }
    /**
     * One problem with an option: a {@link FederatedException} whose message starts with where it is
     * ({@code external schema 'x': …}), so that {@link Problems} can collect it without that prefix.
     */
    static final class Problem extends FederatedException {
        private final String text;

        Problem(String where, String text) {
            super(where + ": " + text);
            this.text = text;
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
