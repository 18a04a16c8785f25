package io.sparkfederated.connector.redshift;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.config.OptionSpec;
import io.sparkfederated.config.OptionValues;

/**
 * How Redshift scans choose between JDBC and UNLOAD to S3: Redshift's own options and their rules.
 *
 * @param method         auto (by the planner's size estimate), jdbc or unload
 * @param tempDir        where UNLOAD writes (s3://, s3a:// or s3n://bucket/prefix, no trailing slash), or null
 * @param iamRole        the role(s) Redshift assumes to write there ({@code default} or ARNs), or null
 * @param thresholdBytes auto: estimated result size from which UNLOAD is used
 */
record UnloadOptions(Method method, String tempDir, String iamRole, long thresholdBytes) {

    static final OptionSpec READ_METHOD = OptionSpec.choice("read_method", "auto", List.of("auto", "jdbc", "unload"),
            "auto (UNLOAD for big results when tempdir is set), jdbc or unload").perReadToo();
    static final OptionSpec TEMPDIR = OptionSpec.text("tempdir", "S3 directory UNLOAD writes to and the scan reads and deletes")
            .perReadToo();
    static final OptionSpec UNLOAD_IAM_ROLE = OptionSpec.text("unload_iam_role",
            "role(s) Redshift's UNLOAD assumes to write to tempdir").perReadToo();
    static final OptionSpec UNLOAD_THRESHOLD_MB = OptionSpec.count("unload_threshold_mb", 100, "MB",
            "read_method=auto: estimated result size from which UNLOAD is used").perReadToo();
    static final List<OptionSpec> ALL = List.of(READ_METHOD, TEMPDIR, UNLOAD_IAM_ROLE, UNLOAD_THRESHOLD_MB);

    enum Method { AUTO, JDBC, UNLOAD }

    static UnloadOptions of(ExternalSchema schema) {
        OptionValues v = schema.tuning();
        String tempDir = v.get(TEMPDIR) == null ? null : v.get(TEMPDIR).replaceAll("/+$", "");
        String role = v.get(UNLOAD_IAM_ROLE);
        if (role != null && !role.equalsIgnoreCase("default")) {
            role = String.join(",", FederatedOptions.roleChain(role, UNLOAD_IAM_ROLE.name(), schema.describe()));
        } else if (role != null) {
            role = "default";
        }
        return new UnloadOptions(Method.valueOf(v.get(READ_METHOD).toUpperCase(Locale.ROOT)), tempDir, role,
                v.intValue(UNLOAD_THRESHOLD_MB) * 1024L * 1024L);
    }

    /** A temporary directory and a role go together; read_method=unload needs both. */
    static void check(OptionValues v, Consumer<String> problems) {
        String tempDir = v.get(TEMPDIR);
        if (v.get(READ_METHOD).equals("unload") && tempDir == null) {
            problems.accept("read_method=unload needs option 'tempdir' (an S3 directory such as"
                    + " s3a://my-bucket/spark-federated-tmp that Redshift may write to and Spark may read and delete)");
        }
        if (tempDir == null) {
            return;
        }
        if (!tempDir.matches("(?i)s3[an]?://[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9](/[^'\\\\]*)?")) {
            problems.accept("option 'tempdir' must be an S3 URL (s3://, s3a:// or s3n://<bucket>/<prefix>), got '"
                    + tempDir + "'");
        }
        String role = v.get(UNLOAD_IAM_ROLE);
        if (role == null) {
            problems.accept("option 'tempdir' needs 'unload_iam_role': the IAM role (ARN, or 'default' for the"
                    + " cluster's default role) Redshift's UNLOAD writes to " + tempDir.replaceAll("/+$", "") + " with");
        } else if (!role.equalsIgnoreCase("default")) {
            try {
                FederatedOptions.roleChain(role, UNLOAD_IAM_ROLE.name(), "");
            } catch (FederatedOptions.Problem p) {
                problems.accept(p.text());
            }
        }
    }

    /** Whether UNLOAD may be used at all (a temporary directory and a role are set). */
    boolean enabled() {
        return method != Method.JDBC && tempDir != null;
    }

    /** The temporary directory as Redshift's UNLOAD names it: always {@code s3://}. */
    String redshiftTempDir() {
        return "s3" + tempDir.substring(tempDir.indexOf("://"));
    }
}
