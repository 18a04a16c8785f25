package io.sparkfederated.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Local AWS endpoints for tests: Secrets Manager (JSON 1.1 protocol: GetSecretValue, DescribeSecret,
 * PutSecretValue) and STS (Query protocol: AssumeRole), on one HTTP port of 127.0.0.1, for the real
 * AWS SDK v2 clients with {@code endpointOverride}.
 *
 * <p>It enforces a simple policy: a caller (identified by the access key in the request's SigV4
 * {@code Authorization} header) may read a secret or assume a role only when allowed by
 * {@link #allowSecret} / {@link #allowAssumeRole}; otherwise it answers AccessDenied as AWS does. It
 * records every call ({@link #calls()}). Credentials expire only when told ({@link #setExpired},
 * {@link #expireRoleSessions}); a deleted secret is marked for deletion ({@link #deleteSecret}). Not
 * emulated: signature verification, KMS, resource policies, versions other than AWSCURRENT.
 */
public final class LocalAws implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    /** The identity of the base credentials (what the default credentials chain finds in tests). */
    public static final String BASE_USER_ARN = "arn:aws:iam::" + ACCOUNT + ":user/sandbox";
    public static final String BASE_ACCESS_KEY_ID = "AKIASANDBOXBASEUSER1";
    public static final String BASE_SECRET_ACCESS_KEY = "sandbox-base-secret-access-key";

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final Map<String, Secret> secretsByArn = new LinkedHashMap<>();
    private final Map<String, String> principalByAccessKey = new HashMap<>();
    private final Set<String> allowed = new HashSet<>();
    private final List<String> calls = new ArrayList<>();
    private final Set<String> expiredAccessKeys = new HashSet<>();

    private static final class Secret {
        final String arn;
        final String name;
        String value;
        String versionId = UUID.randomUUID().toString();
        boolean deleted;

        Secret(String arn, String name, String value) {
            this.arn = arn;
            this.name = name;
            this.value = value;
        }
    }

    private LocalAws(HttpServer server) {
        this.server = server;
        principalByAccessKey.put(BASE_ACCESS_KEY_ID, BASE_USER_ARN);
    }

    /** Starts the endpoints on a free port of 127.0.0.1. */
    public static LocalAws start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LocalAws aws = new LocalAws(server);
            aws.serve(server, "local-aws", 4);
            return aws;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local AWS endpoints", e);
        }
    }

    /**
     * Also serves the endpoints over HTTPS (a certificate of the sandbox CA) and returns
     * {@code https://127.0.0.1:port}: for clients that only speak HTTPS to STS, such as S3A's
     * assumed-role provider. The client must trust {@code tls}'s CA (see {@link SandboxTls#trustStore}).
     */
    public synchronized String startHttps(SandboxTls tls) {
        try {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls.serverContext()));
            serve(https, "local-aws-https", 2);
            return "https://127.0.0.1:" + https.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local AWS HTTPS endpoint", e);
        }
    }

    /** Answers every request of {@code server} with these endpoints, on daemon threads. */
    private void serve(HttpServer server, String threadName, int threads) {
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }));
        // the dispatcher thread inherits daemon status from the thread that starts the server:
        // start it from a daemon thread, so the endpoints never keep a finished program alive
        Thread starter = new Thread(server::start, threadName + "-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the local AWS endpoints", e);
        }
    }

    /** {@code http://127.0.0.1:port}: the endpoint override for both Secrets Manager and STS. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Creates a secret (Secrets Manager JSON text) and returns its ARN. */
    public synchronized String createSecret(String name, String secretString) {
        String arn = "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-" + randomSuffix();
        secretsByArn.put(arn, new Secret(arn, name, secretString));
        return arn;
    }

    /** Replaces a secret's value, as a rotation does. */
    public synchronized void putSecretValue(String arn, String secretString) {
        Secret secret = secretsByArn.get(arn);
        if (secret == null) {
            throw new IllegalArgumentException("no secret " + arn);
        }
        secret.value = secretString;
        secret.versionId = UUID.randomUUID().toString();
    }

    /**
     * Deletes a secret as DeleteSecret does with a recovery window: it is marked for deletion, and
     * reading it fails with InvalidRequestException until it is restored.
     */
    public synchronized void deleteSecret(String arn) {
        Secret secret = secretsByArn.get(arn);
        if (secret == null) {
            throw new IllegalArgumentException("no secret " + arn);
        }
        secret.deleted = true;
    }

    /** Makes every role session issued so far (AssumeRole's credentials) expired, as time would. */
    public synchronized void expireRoleSessions() {
        principalByAccessKey.keySet().stream().filter(k -> !k.equals(BASE_ACCESS_KEY_ID)).forEach(expiredAccessKeys::add);
    }

    /** The ARN of an IAM role of the sandbox account. */
    public static String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    /** Lets a principal (user or role ARN) read a secret. */
    public synchronized void allowSecret(String principalArn, String secretArn) {
        allowed.add("secret " + principalArn + " " + secretArn);
    }

    /** Lets a principal (user or role ARN) assume a role. */
    public synchronized void allowAssumeRole(String principalArn, String roleArn) {
        allowed.add("assume " + principalArn + " " + roleArn);
    }

    /** Every call so far, as "Action target by principal". */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Makes AWS answer requests signed with this access key as it does for expired credentials (or stop, when false). */
    public synchronized void setExpired(String accessKeyId, boolean expired) {
        if (expired) {
            expiredAccessKeys.add(accessKeyId);
        } else {
            expiredAccessKeys.remove(accessKeyId);
        }
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher m = authorization == null ? null : CREDENTIAL.matcher(authorization);
            String principal;
            boolean expired;
            synchronized (this) {
                String accessKey = m != null && m.find() ? m.group(1) : null;
                principal = accessKey == null ? null : principalByAccessKey.get(accessKey);
                expired = accessKey != null && expiredAccessKeys.contains(accessKey);
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Response response = expired
                    ? (target != null ? json(400, error("ExpiredTokenException", "The security token included in the request is expired"))
                            : xml(403, stsError("ExpiredToken", "The security token included in the request is expired")))
                    : principal == null
                    ? (target != null ? json(400, error("UnrecognizedClientException", "The security token included in the request is invalid."))
                            : xml(403, stsError("InvalidClientTokenId", "The security token included in the request is invalid.")))
                    : target != null ? secretsManager(target, body, principal) : sts(body, principal);
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(response.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private record Response(int status, String contentType, String body) {
    }

    private static Response json(int status, String body) {
        return new Response(status, "application/x-amz-json-1.1", body);
    }

    private static Response xml(int status, String body) {
        return new Response(status, "text/xml", body);
    }

    private synchronized Response secretsManager(String target, String body, String principal) {
        String action = target.substring(target.indexOf('.') + 1);
        String secretId = jsonString(body, "SecretId");
        calls.add(action + " " + secretId + " by " + principal);
        Secret secret = secretId == null ? null : secretsByArn.values().stream()
                .filter(s -> s.arn.equals(secretId) || s.name.equals(secretId)).findFirst().orElse(null);
        if (secret == null) {
            return json(400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        }
        boolean mayRead = allowed.contains("secret " + principal + " " + secret.arn);
        if (mayRead && secret.deleted && !action.equals("DescribeSecret")) {
            return json(400, error("InvalidRequestException", "You can't perform this operation on the secret because it"
                    + " was marked for deletion."));
        }
        if (!mayRead) {
            return json(400, error("AccessDeniedException", "User: " + principal + " is not authorized to perform: secretsmanager:"
                    + action + " on resource: " + secretId + " because no identity-based policy allows the secretsmanager:"
                    + action + " action"));
        }
        return switch (action) {
            case "GetSecretValue" -> json(200, "{\"ARN\":" + quote(secret.arn) + ",\"Name\":" + quote(secret.name)
                    + ",\"VersionId\":" + quote(secret.versionId) + ",\"SecretString\":" + quote(secret.value)
                    + ",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":" + Instant.now().getEpochSecond() + "}");
            case "DescribeSecret" -> json(200, "{\"ARN\":" + quote(secret.arn) + ",\"Name\":" + quote(secret.name)
                    + ",\"LastChangedDate\":" + Instant.now().getEpochSecond() + "}");
            case "PutSecretValue" -> {
                secret.value = jsonString(body, "SecretString");
                secret.versionId = UUID.randomUUID().toString();
                yield json(200, "{\"ARN\":" + quote(secret.arn) + ",\"Name\":" + quote(secret.name) + ",\"VersionId\":"
                        + quote(secret.versionId) + ",\"VersionStages\":[\"AWSCURRENT\"]}");
            }
            default -> json(400, error("InvalidRequestException", "unsupported action " + action));
        };
    }

    private synchronized Response sts(String body, String principal) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String action = form.getOrDefault("Action", "");
        String role = form.get("RoleArn");
        calls.add(action + " " + role + " by " + principal);
        if (!action.equals("AssumeRole")) {
            return xml(400, stsError("InvalidAction", "unsupported action " + action));
        }
        if (!allowed.contains("assume " + principal + " " + role)) {
            return xml(403, stsError("AccessDenied", "User: " + principal + " is not authorized to perform: sts:AssumeRole on resource: " + role));
        }
        String accessKey = "ASIA" + HexFormat.of().withUpperCase().formatHex(bytes(8));
        principalByAccessKey.put(accessKey, role);
        String session = form.getOrDefault("RoleSessionName", "session");
        String roleName = role.substring(role.lastIndexOf('/') + 1);
        return xml(200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<AssumedRoleUser><AssumedRoleId>AROA" + HexFormat.of().withUpperCase().formatHex(bytes(6)) + ":" + session
                + "</AssumedRoleId><Arn>arn:aws:sts::" + ACCOUNT + ":assumed-role/" + roleName + "/" + session + "</Arn></AssumedRoleUser>"
                + "<Credentials><AccessKeyId>" + accessKey + "</AccessKeyId><SecretAccessKey>" + HexFormat.of().formatHex(bytes(20))
                + "</SecretAccessKey><SessionToken>" + HexFormat.of().formatHex(bytes(32)) + "</SessionToken><Expiration>"
                + Instant.now().plusSeconds(3600).toString() + "</Expiration></Credentials></AssumeRoleResult>"
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></AssumeRoleResponse>");
    }

    private static String stsError(String code, String message) {
        return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error><RequestId>"
                + UUID.randomUUID() + "</RequestId></ErrorResponse>";
    }

    private static String error(String type, String message) {
        return "{\"__type\":" + quote(type) + ",\"message\":" + quote(message) + "}";
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String randomSuffix() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The value of a top-level string field of a small JSON request body (the SDK sends flat objects). */
    private static String jsonString(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) {
            return null;
        }
        String raw = m.group(1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}
