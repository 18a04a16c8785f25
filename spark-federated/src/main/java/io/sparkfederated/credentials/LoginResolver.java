package io.sparkfederated.credentials;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import io.sparkfederated.FederatedException;

/**
 * Resolves database logins where connections are opened — on the driver for metadata, on each
 * executor for reads — so that no password travels inside Spark's plans, partitions or broadcasts.
 * Secrets are cached per JVM (keyed by secret, role chain and endpoints) for the spec's TTL;
 * {@link #refresh} fetches again, for a password rejected after a rotation.
 */
public final class LoginResolver {

    /** Keys of an RDS-managed secret that describe the database (never the password). */
    private static final Set<String> DATABASE_FIELDS = Set.of("host", "port", "dbname", "engine");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(DatabaseLogin login, long fetchedAtNanos) {
    }

    private LoginResolver() {
    }

    /** IAM tokens live 15 minutes; one is reused for 10. */
    private static final long IAM_TOKEN_REUSE_SECONDS = 600;

    /**
     * The login for a spec connecting to host:port: the options' user and password, the (cached)
     * secret's, or the user with a (cached) RDS IAM token.
     */
    public static DatabaseLogin login(String where, CredentialSpec spec, String host, int port) {
        if (!spec.usesAws()) {
            return new DatabaseLogin(spec.user(), spec.password(), Map.of());
        }
        Cached cached = CACHE.get(cacheKey(spec, host, port));
        long ttlSeconds = spec.iamAuth() ? IAM_TOKEN_REUSE_SECONDS : spec.cacheTtlSeconds();
        if (cached != null && System.nanoTime() - cached.fetchedAtNanos() < ttlSeconds * 1_000_000_000L) {
            return cached.login();
        }
        return refresh(where, spec, host, port);
    }

    /** What a secret says (login and database), for filling options on the driver. */
    public static DatabaseLogin secret(String where, CredentialSpec spec) {
        return login(where, spec, null, 0);
    }

    /** Fetches the secret again, or signs a new token (after PostgreSQL rejected the cached one), and caches it. */
    public static DatabaseLogin refresh(String where, CredentialSpec spec, String host, int port) {
        if (!spec.usesAws()) {
            return login(where, spec, host, port);
        }
        DatabaseLogin login = spec.iamAuth()
                ? new DatabaseLogin(spec.user(), AwsClients.rdsAuthToken(where, spec, host, port), Map.of())
                : fetch(where, spec);
        CACHE.put(cacheKey(spec, host, port), new Cached(login, System.nanoTime()));
        return login;
    }

    private static String cacheKey(CredentialSpec spec, String host, int port) {
        return spec.identity() + "|" + spec.secretsManagerEndpoint() + "|" + spec.stsEndpoint()
                + (spec.iamAuth() ? "|" + host + ":" + port : "");
    }

    private static DatabaseLogin fetch(String where, CredentialSpec spec) {
        String arn = spec.secretArn();
        String secretString;
        try (SecretsManagerClient client = AwsClients.secretsManager(where, spec)) {
            secretString = client.getSecretValue(r -> r.secretId(arn)).secretString();
        } catch (SecretsManagerException e) {
            throw new FederatedException(where + ": " + explain(e, spec), e);
        } catch (SdkClientException e) {
            throw new FederatedException(where + ": cannot read secret '" + arn + "': " + e.getMessage()
                    + (spec.secretsManagerEndpoint() != null ? " (Secrets Manager endpoint " + spec.secretsManagerEndpoint() + ")"
                    : "; check that this host can reach Secrets Manager in " + spec.region()
                    + " (a VPC endpoint or NAT) and has AWS credentials"), e);
        }
        return parse(where, arn, secretString);
    }

    private static String explain(SecretsManagerException e, CredentialSpec spec) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        String arn = spec.secretArn();
        String as = spec.iamRoles().isEmpty() ? "the default AWS credentials"
                : "role '" + spec.iamRoles().get(spec.iamRoles().size() - 1) + "'";
        return switch (code) {
            case "ResourceNotFoundException" -> "secret '" + arn + "' does not exist in " + spec.region() + "; check 'secret_arn'";
            case "InvalidRequestException" -> String.valueOf(e.awsErrorDetails().errorMessage()).contains("deletion")
                    ? "secret '" + arn + "' was deleted (it is scheduled for deletion); restore it (RestoreSecret) or set"
                    + " 'secret_arn' to the secret that replaced it"
                    : "cannot read secret '" + arn + "' (" + code + ": " + e.awsErrorDetails().errorMessage() + ")";
            case "AccessDeniedException" -> "access denied reading secret '" + arn + "' as " + as
                    + "; grant it secretsmanager:GetSecretValue on the secret (and kms:Decrypt on a customer-managed key)";
            case "DecryptionFailure" -> "Secrets Manager cannot decrypt secret '" + arn + "' for " + as + "; grant kms:Decrypt on its key";
            case "ExpiredTokenException", "ExpiredToken" -> "the AWS credentials used to read secret '" + arn + "' have expired; refresh them";
            case "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException" ->
                    "AWS rejected the credentials used to read secret '" + arn + "' (" + code + "); check the credentials of " + as;
            default -> "cannot read secret '" + arn + "' (" + code + ")";
        };
    }

    /** Secrets Manager JSON with {@code username} and {@code password}; the value never reaches a message. */
    private static DatabaseLogin parse(String where, String arn, String secretString) {
        JsonNode json;
        try {
            json = secretString == null ? null : JSON.readTree(secretString);
        } catch (java.io.IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new FederatedException(where + ": secret '" + arn + "' is not a JSON object; store it as"
                    + " {\"username\": \"…\", \"password\": \"…\"} (Secrets Manager's \"credentials for a database\" type)");
        }
        StringBuilder missing = new StringBuilder();
        for (String key : new String[] {"username", "password"}) {
            if (!json.hasNonNull(key) || !json.get(key).isTextual() || json.get(key).asText().isEmpty()) {
                missing.append(missing.isEmpty() ? "" : ", ").append(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new FederatedException(where + ": secret '" + arn + "' has no " + missing + "; a database secret holds"
                    + " 'username' and 'password' (and, for RDS, 'host', 'port', 'dbname')");
        }
        Map<String, String> fields = new HashMap<>();
        for (String key : DATABASE_FIELDS) {
            if (json.hasNonNull(key)) {
                fields.put(key, json.get(key).asText());
            }
        }
        return new DatabaseLogin(json.get("username").asText(), json.get("password").asText(), fields);
    }
}
