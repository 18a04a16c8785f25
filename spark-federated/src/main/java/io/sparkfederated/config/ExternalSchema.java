package io.sparkfederated.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

import io.sparkfederated.credentials.CredentialSpec;

/**
 * One external schema: a local name mapped onto a schema of a remote database, with everything
 * needed to connect. Immutable. {@link #toString()} and {@link #describe()} never show a password.
 *
 * @param name           the local (Spark) name, lower case, or a label for one-off data source reads
 * @param remoteSchema   the schema inside the remote database ({@code public} by default)
 * @param credentials    where the login comes from (user/password, or a Secrets Manager secret)
 * @param sslMode        the driver's sslmode, or null for its default
 * @param sslRootCert    a CA bundle file for verify-ca / verify-full, or null
 * @param connectTimeoutSeconds bound on establishing a connection
 * @param tuning         how scans read: the common per-read options and the engine's own, checked
 * @param metadataCacheTtlSeconds how long table lists, columns and estimates are reused (0: never)
 */
public record ExternalSchema(
        String name,
        String engine,
        String host,
        int port,
        String database,
        String remoteSchema,
        CredentialSpec credentials,
        String sslMode,
        String sslRootCert,
        int connectTimeoutSeconds,
        OptionValues tuning,
        int metadataCacheTtlSeconds) implements Serializable {

    /** How scans read (splits, snapshot, batch size). */
    public ScanOptions scan() {
        return ScanOptions.from(tuning);
    }

    /** This schema with other tuning options (a single read's). */
    public ExternalSchema withTuning(OptionValues other) {
        return new ExternalSchema(name, engine, host, port, database, remoteSchema, credentials, sslMode, sslRootCert,
                connectTimeoutSeconds, other, metadataCacheTtlSeconds);
    }

    /** Identifies the remote database and user: scans with the same key can share a snapshot. */
    public String connectionKey() {
        return engine + "://" + credentials.identity() + "@" + host + ":" + port + "/" + database;
    }

    /** "external schema 'apg' (postgres 127.0.0.1:5432/dev)" — for messages; carries no secret. */
    public String describe() {
        return "external schema '" + name + "' (" + engine + " " + host + ":" + port + "/" + database + ")";
    }

    /** What {@code DESCRIBE NAMESPACE} shows: every setting except the password. */
    public Map<String, String> publicProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(FederatedOptions.ENGINE, engine);
        props.put(FederatedOptions.URI, host);
        props.put(FederatedOptions.PORT, Integer.toString(port));
        props.put(FederatedOptions.DATABASE, database);
        props.put(FederatedOptions.SCHEMA, remoteSchema);
        if (credentials.usesSecret()) {
            props.put(FederatedOptions.SECRET_ARN, credentials.secretArn());
            props.put(FederatedOptions.IAM_ROLE, credentials.iamRoles().isEmpty() ? "default" : String.join(",", credentials.iamRoles()));
        } else {
            props.put(FederatedOptions.USER, credentials.user());
            if (credentials.iamAuth()) {
                props.put(FederatedOptions.AUTH, "iam");
                props.put(FederatedOptions.REGION, credentials.region());
                if (!credentials.iamRoles().isEmpty()) {
                    props.put(FederatedOptions.IAM_ROLE, String.join(",", credentials.iamRoles()));
                }
            }
        }
        if (sslMode != null) {
            props.put(FederatedOptions.SSLMODE, sslMode);
        }
        return props;
    }

    @Override
    public String toString() {
        return "ExternalSchema[" + name + ", " + engine + " " + host + ":" + port + "/" + database
                + ", schema=" + remoteSchema + ", " + credentials + "]";
    }
}
