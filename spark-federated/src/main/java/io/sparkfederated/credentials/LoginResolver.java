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

    /** The login for a spec: the options' user and password, or the (cached) secret's. */
    public static DatabaseLogin login(String where, CredentialSpec spec) {
        if (!spec.usesSecret()) {
            return new DatabaseLogin(spec.user(), spec.password(), Map.of());
        }
        String key = cacheKey(spec);
        Cached cached = CACHE.get(key);
        long ttlNanos = spec.cacheTtlSeconds() * 1_000_000_000L;
        if (cached != null && System.nanoTime() - cached.fetchedAtNanos() < ttlNanos) {
            return cached.login();
        }
        return refresh(where, spec);
    }

    /** Fetches the secret again (after PostgreSQL rejected the cached password) and caches it. */
    public static DatabaseLogin refresh(String where, CredentialSpec spec) {
        if (!spec.usesSecret()) {
            return login(where, spec);
        }
        DatabaseLogin login = fetch(where, spec);
        CACHE.put(cacheKey(spec), new Cached(login, System.nanoTime()));
        return login;
    }

    private static String cacheKey(CredentialSpec spec) {
        return spec.identity() + "|" + spec.secretsManagerEndpoint() + "|" + spec.stsEndpoint();
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
