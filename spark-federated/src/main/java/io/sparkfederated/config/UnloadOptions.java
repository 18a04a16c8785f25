package io.sparkfederated.config;

import java.io.Serializable;
import java.util.Locale;


/**
 * How Redshift scans choose between JDBC and UNLOAD to S3 (options {@code read_method},
 * {@code tempdir}, {@code unload_iam_role}, {@code unload_threshold_mb}).
 *
 * @param method         auto (by the planner's size estimate), jdbc or unload
 * @param tempDir        where UNLOAD writes (s3://, s3a:// or s3n://bucket/prefix, no trailing slash), or null
 * @param iamRole        the role(s) Redshift assumes to write there ({@code default} or ARNs), or null
 * @param thresholdBytes auto: estimated result size from which UNLOAD is used
 */
public record UnloadOptions(Method method, String tempDir, String iamRole, long thresholdBytes) implements Serializable {

    public enum Method {
        AUTO, JDBC, UNLOAD;

        static Method parse(String value, String where) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new FederatedOptions.Problem(where, "option 'read_method' must be 'auto', 'jdbc' or 'unload', got '"
                        + value + "'");
            }
        }
    }

    /** Whether UNLOAD may be used at all (a temporary directory and a role are set). */
    public boolean enabled() {
        return method != Method.JDBC && tempDir != null;
    }

    /** The temporary directory as Redshift's UNLOAD names it: always {@code s3://}. */
    public String redshiftTempDir() {
        return "s3" + tempDir.substring(tempDir.indexOf("://"));
    }
}
