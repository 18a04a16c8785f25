package io.sparkfederated.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.sparkfederated.FederatedException;
import io.sparkfederated.read.ColumnPartitioning;

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
    public static final String STATISTICS = "statistics";
    /** Reserved for AWS credentials (Secrets Manager / IAM); rejected until supported. */
    public static final String IAM_ROLE = "iam_role";
    public static final String SECRET_ARN = "secret_arn";

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

    static final List<String> SCHEMA_OPTIONS = List.of(ENGINE, URI, PORT, DATABASE, SCHEMA, USER, PASSWORD,
            CONNECT_TIMEOUT, SPLIT_SIZE_MB, MAX_CONNECTIONS, CONSISTENT_SNAPSHOT, BATCH_SIZE, METADATA_CACHE_TTL, STATISTICS);
    public static final Set<String> DATA_SOURCE_ONLY = Set.of(DBTABLE, QUERY, PARTITION_COLUMN, LOWER_BOUND, UPPER_BOUND,
            NUM_PARTITIONS);

    private FederatedOptions() {
    }

    /**
     * Parses one external schema's options.
     *
     * @param name         local name (catalog) or a label (data source), used in messages
     * @param options      option name to value; names are matched case-insensitively
     * @param extraAllowed further names the caller handles itself (e.g. {@code dbtable}); not errors
     */
    public static ExternalSchema parse(String name, Map<String, String> options, Set<String> extraAllowed) {
        Map<String, String> opts = lowerCaseKeys(options);
        String where = name.startsWith("federated") ? name : "external schema '" + name + "'";
        for (String key : opts.keySet()) {
            if (key.equals(IAM_ROLE) || key.equals(SECRET_ARN)) {
                throw new FederatedException(where + ": option '" + key + "' is not supported yet"
                        + " (AWS Secrets Manager and IAM credentials arrive in a later release); set 'user' and 'password'");
            }
            if (!SCHEMA_OPTIONS.contains(key) && !extraAllowed.contains(key)) {
                Set<String> valid = new TreeSet<>(SCHEMA_OPTIONS);
                valid.addAll(extraAllowed);
                throw new FederatedException(where + ": unknown option '" + key + "'; valid options are " + valid);
            }
        }
        Engine engine = Engine.parse(required(opts, ENGINE, where), where);
        String host = required(opts, URI, where).trim();
        if (host.contains("://") || host.contains("/")) {
            throw new FederatedException(where + ": option 'uri' must be a host name or IP address without a protocol"
                    + " or path (as in Redshift's URI clause), got '" + host + "'");
        }
        return new ExternalSchema(
                name,
                engine,
                host,
                positiveInt(opts, PORT, engine.defaultPort(), where),
                required(opts, DATABASE, where),
                opts.getOrDefault(SCHEMA, DEFAULT_SCHEMA),
                required(opts, USER, where),
                opts.getOrDefault(PASSWORD, ""),
                positiveInt(opts, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT_SECONDS, where),
                new ScanOptions(
                        positiveInt(opts, SPLIT_SIZE_MB, DEFAULT_SPLIT_SIZE_MB, where) * 1024L * 1024L,
                        positiveInt(opts, MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS, where),
                        bool(opts, CONSISTENT_SNAPSHOT, true, where),
                        positiveInt(opts, BATCH_SIZE, DEFAULT_BATCH_SIZE, where),
                        bool(opts, STATISTICS, true, where)),
                nonNegativeInt(opts, METADATA_CACHE_TTL, DEFAULT_METADATA_CACHE_TTL_SECONDS, where));
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
            throw new FederatedException(where + ": options partitionColumn, lowerBound, upperBound and numPartitions"
                    + " go together; set all four");
        }
        long lower = bound(opts.get(LOWER_BOUND), "lowerBound", where);
        long upper = bound(opts.get(UPPER_BOUND), "upperBound", where);
        if (lower >= upper) {
            throw new FederatedException(where + ": lowerBound must be below upperBound");
        }
        return new ColumnPartitioning(opts.get(PARTITION_COLUMN), lower, upper,
                positiveInt(opts, NUM_PARTITIONS, 1, where));
    }

    private static long bound(String value, String name, String where) {
        String v = value.trim();
        try {
            return v.matches("-?\\d+") ? Long.parseLong(v) : java.time.LocalDate.parse(v).toEpochDay();
        } catch (RuntimeException e) {
            throw new FederatedException(where + ": option '" + name + "' must be an integer or a date (yyyy-MM-dd), got '" + value + "'");
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

    static Map<String, String> lowerCaseKeys(Map<String, String> options) {
        Map<String, String> lower = new LinkedHashMap<>();
        options.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }

    private static String required(Map<String, String> opts, String key, String where) {
        String value = opts.get(key);
        if (value == null || value.isBlank()) {
            throw new FederatedException(where + ": option '" + key + "' is required");
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
            default -> throw new FederatedException(where + ": option '" + key + "' must be true or false, got '" + value + "'");
        };
    }

    private static int nonNegativeInt(Map<String, String> opts, String key, int defaultValue, String where) {
        String value = opts.get(key);
        return value != null && value.trim().equals("0") ? 0 : positiveInt(opts, key, defaultValue, where);
    }

    private static int positiveInt(Map<String, String> opts, String key, int defaultValue, String where) {
        String value = opts.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new FederatedException(where + ": option '" + key + "' must be a positive integer, got '" + value + "'");
    }
}
