package io.sparkfederated.config;

import java.util.List;

/**
 * The options every engine takes, with their built-in defaults (an engine's own options are in its
 * {@link EngineInfo#options()}). Values of the simple kinds are checked by their {@link OptionSpec};
 * the connection and login options, which go together, by {@link FederatedOptions}.
 */
public final class CommonOptions {

    public static final OptionSpec ENGINE = OptionSpec.text("engine", "the kind of remote database (its FROM keyword)");
    public static final OptionSpec URI = OptionSpec.text("uri", "host name or IP address, without protocol or path");
    public static final OptionSpec PORT = OptionSpec.text("port", "server port (the engine's default port)");
    public static final OptionSpec DATABASE = OptionSpec.text("database", "remote database");
    public static final OptionSpec SCHEMA = OptionSpec.text("schema", "remote schema the external schema maps onto");
    public static final OptionSpec USER = OptionSpec.text("user", "database user (without secret_arn)");
    public static final OptionSpec PASSWORD = OptionSpec.text("password", "database password");
    public static final OptionSpec SECRET_ARN = OptionSpec.text("secret_arn", "Secrets Manager secret with the login");
    public static final OptionSpec IAM_ROLE = OptionSpec.text("iam_role", "role(s) assumed to read the secret or sign tokens");
    public static final OptionSpec SECRETSMANAGER_ENDPOINT = OptionSpec.text("secretsmanager_endpoint",
            "Secrets Manager endpoint override");
    public static final OptionSpec STS_ENDPOINT = OptionSpec.text("sts_endpoint", "STS endpoint override");
    public static final OptionSpec SECRET_CACHE_TTL = OptionSpec.count("secret_cache_ttl", 300, "seconds",
            "seconds a fetched secret is reused in one JVM");
    public static final OptionSpec AUTH = OptionSpec.choice("auth", "password", List.of("password", "iam"),
            "password (or a secret) or iam: RDS IAM database authentication tokens");
    public static final OptionSpec REGION = OptionSpec.text("region", "AWS region of the instance for auth=iam");
    public static final OptionSpec SSLMODE = OptionSpec.choice("sslmode", null,
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full"), "TLS mode");
    public static final OptionSpec SSLROOTCERT = OptionSpec.text("sslrootcert", "CA bundle file for verify-ca/verify-full");
    public static final OptionSpec CONNECT_TIMEOUT = OptionSpec.positiveInt("connect_timeout", 10,
            "seconds allowed to open a connection");
    public static final OptionSpec METADATA_CACHE_TTL = OptionSpec.count("metadata_cache_ttl", 60, "seconds",
            "seconds a catalog reuses what it read of the remote catalog");

    // How scans read: a single read may set these too (read option > external schema > defaults > built-in).
    public static final OptionSpec SPLIT_SIZE_MB = OptionSpec.positiveInt("split_size_mb", 64,
            "target MB of remote table per split").perReadToo();
    public static final OptionSpec MAX_CONNECTIONS = OptionSpec.positiveInt("max_connections", 8,
            "most splits of one query's scans on one database").perReadToo();
    public static final OptionSpec CONSISTENT_SNAPSHOT = OptionSpec.bool("consistent_snapshot", true,
            "all splits of a query read one snapshot").perReadToo();
    public static final OptionSpec LOCK_TIMEOUT = OptionSpec.count("lock_timeout", 60, "seconds",
            "seconds a remote session waits for a table lock").perReadToo();
    public static final OptionSpec STATEMENT_TIMEOUT = OptionSpec.count("statement_timeout", 0, "seconds",
            "seconds a remote statement may run before the server cancels it (0: no limit)").perReadToo();
    public static final OptionSpec SOCKET_TIMEOUT = OptionSpec.count("socket_timeout", 0, "seconds",
            "seconds the driver waits for any answer from the server before it gives up on the connection (0: no limit)")
            .perReadToo();
    public static final OptionSpec BATCH_SIZE = OptionSpec.positiveInt("batch_size", 4096,
            "rows per columnar batch").perReadToo();
    public static final OptionSpec STATISTICS = OptionSpec.bool("statistics", true,
            "report the remote planner's estimates to Spark").perReadToo();
    public static final OptionSpec RUNTIME_FILTER_MAX_VALUES = OptionSpec.count("runtime_filter_max_values", 1000, "values",
            "most join-key values a runtime filter sends as an IN list").perReadToo();
    // Connection admission, per JVM and server (connector.jdbc.ConnectionBudget): each request compares
    // the JVM's connections on the server with its own limit, so a read may set these too.
    public static final OptionSpec MAX_SERVER_CONNECTIONS = OptionSpec.positiveInt("max_server_connections", 16,
            "most connections this JVM holds on one server, shared by all its queries").perReadToo();
    public static final OptionSpec CONNECTION_WAIT_TIMEOUT = OptionSpec.count("connection_wait_timeout", 300, "seconds",
            "seconds a connection request waits for a free one").perReadToo();
    public static final OptionSpec PUSHDOWN_JOINS = OptionSpec.choice("pushdown_joins", "auto",
            List.of("auto", "always", "never"), "join two scans of one database remotely: auto (where the remote planner's"
                    + " estimates say it pays), always or never").perReadToo();
    public static final OptionSpec PUSHDOWN_AGGREGATES = OptionSpec.choice("pushdown_aggregates", "auto",
            List.of("auto", "always", "never"), "compute an aggregate remotely: auto (where the remote planner's"
                    + " estimates say it pays), always or never").perReadToo();

    /** Every option an external schema takes, whatever its engine, in the README's order. */
    public static final List<OptionSpec> ALL = List.of(ENGINE, URI, PORT, DATABASE, SCHEMA, USER, PASSWORD, SECRET_ARN,
            IAM_ROLE, SECRETSMANAGER_ENDPOINT, STS_ENDPOINT, SECRET_CACHE_TTL, SSLMODE, SSLROOTCERT, AUTH, REGION,
            CONNECT_TIMEOUT, SPLIT_SIZE_MB, MAX_CONNECTIONS, CONSISTENT_SNAPSHOT, LOCK_TIMEOUT, STATEMENT_TIMEOUT,
            SOCKET_TIMEOUT, BATCH_SIZE, METADATA_CACHE_TTL, STATISTICS, RUNTIME_FILTER_MAX_VALUES, MAX_SERVER_CONNECTIONS,
            CONNECTION_WAIT_TIMEOUT, PUSHDOWN_JOINS, PUSHDOWN_AGGREGATES);

    /** What identifies the database and the login: neither a catalog default nor a read may set these. */
    public static final List<OptionSpec> IDENTIFYING = List.of(ENGINE, URI, PORT, DATABASE, SCHEMA, USER, PASSWORD,
            SECRET_ARN, IAM_ROLE);

    private CommonOptions() {
    }
}
