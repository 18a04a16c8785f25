package io.sparkfederated;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import io.sparkfederated.config.ExternalSchema;

/**
 * Reads S3 with the identity an external schema uses: Hadoop S3A settings that assume the schema's
 * IAM role through STS (S3A's {@code AssumedRoleCredentialProvider}, from the default AWS
 * credentials — the instance profile on EMR), with the schema's STS endpoint. From Java or Scala
 * {@code S3Access.configure(spark, "fed", "apg", "my-bucket")}; from PySpark
 * {@code spark._jvm.io.sparkfederated.S3Access.configure(spark._jsparkSession, "fed", "apg", "my-bucket")};
 * or set the settings {@link #s3aSettings} lists yourself.
 */
public final class S3Access {

    private static final String ASSUMED_ROLE_PROVIDER = "org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider";
    private static final String BASE_PROVIDER = "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider";

    private S3Access() {
    }

    /**
     * The S3A settings (Hadoop configuration keys) for reading {@code bucket} (or every bucket, when
     * null) as the external schema's role. Empty when the schema uses {@code IAM_ROLE default}: S3A's
     * own default credentials are then the same identity.
     */
    public static Map<String, String> s3aSettings(ExternalSchema schema, String bucket) {
        List<String> roles = schema.credentials().iamRoles();
        Map<String, String> settings = new LinkedHashMap<>();
        if (roles.isEmpty()) {
            return settings;
        }
        if (roles.size() > 1) {
            throw new FederatedException(schema.describe() + ": its IAM_ROLE chains " + roles.size() + " roles, and S3A"
                    + " assumes exactly one; give S3 access to a role the cluster's own identity can assume, and configure"
                    + " fs.s3a.assumed.role.arn with it");
        }
        String prefix = bucket == null ? "fs.s3a." : "fs.s3a.bucket." + bucket + ".";
        settings.put(prefix + "aws.credentials.provider", ASSUMED_ROLE_PROVIDER);
        settings.put(prefix + "assumed.role.arn", roles.get(0));
        settings.put(prefix + "assumed.role.credentials.provider", BASE_PROVIDER);
        settings.put(prefix + "assumed.role.session.name", "spark-federated-s3");
        if (schema.credentials().stsEndpoint() != null) {
            settings.put(prefix + "assumed.role.sts.endpoint", stsHost(schema, schema.credentials().stsEndpoint()));
            settings.put(prefix + "assumed.role.sts.endpoint.region", schema.credentials().region());
        }
        return settings;
    }

    /** S3A takes the STS endpoint as a host (with an optional port) and always speaks HTTPS to it. */
    private static String stsHost(ExternalSchema schema, String endpoint) {
        java.net.URI uri = java.net.URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new FederatedException(schema.describe() + ": sts_endpoint '" + endpoint + "' cannot be used by S3A,"
                    + " which reaches STS over HTTPS only (give an https:// endpoint or a host name)");
        }
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** Applies {@link #s3aSettings} of {@code catalog.schema} to the session (used by its later reads). */
    public static void configure(SparkSession spark, String catalog, String schema, String bucket) {
        var plugin = io.sparkfederated.spark.SparkLine.current().sessionState(spark).orElseThrow().catalogManager().catalog(catalog);
        if (!(plugin instanceof FederatedCatalog federated)) {
            throw new FederatedException("catalog '" + catalog + "' is not a spark-federated catalog");
        }
        ExternalSchema external = federated.externalSchema(schema).orElseThrow(() -> new FederatedException(
                "external schema '" + schema + "' does not exist in catalog '" + catalog + "'"));
        s3aSettings(external, bucket).forEach((k, v) -> spark.conf().set(k, v));
    }
}
