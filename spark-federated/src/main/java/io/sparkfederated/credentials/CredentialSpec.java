package io.sparkfederated.credentials;

import java.io.Serializable;
import java.util.List;

/**
 * Where an external schema's database login comes from: a user and password given in the options,
 * or an AWS Secrets Manager secret read under a chain of IAM roles. Holds ARNs and endpoints, never
 * a secret's value; a plaintext password given in the options is kept here (and redacted from
 * {@link #toString()}).
 *
 * @param user                   the database user from the options, or null when the secret names it
 * @param password               the password from the options, or null when a secret is used
 * @param secretArn              the Secrets Manager secret holding {@code username} and {@code password}, or null
 * @param iamRoles               roles assumed in order through STS before reading the secret (empty: the
 *                               default AWS credentials chain)
 * @param iamAuth                RDS IAM database authentication: a short-lived token signed with the
 *                               role chain's credentials replaces the password
 * @param region                 the AWS region of the secret or of the RDS instance, or null without AWS
 * @param secretsManagerEndpoint endpoint override for Secrets Manager (VPC endpoint, LocalStack), or null
 * @param stsEndpoint            endpoint override for STS, or null
 * @param cacheTtlSeconds        how long a fetched secret is reused in one JVM (0: fetched for every connection)
 */
public record CredentialSpec(String user, String password, String secretArn, List<String> iamRoles, boolean iamAuth,
                             String region, String secretsManagerEndpoint, String stsEndpoint, int cacheTtlSeconds)
        implements Serializable {

    public CredentialSpec {
        iamRoles = List.copyOf(iamRoles);
    }

    public static CredentialSpec plain(String user, String password) {
        return new CredentialSpec(user, password == null ? "" : password, null, List.of(), false, null, null, null, 0);
    }

    public boolean usesSecret() {
        return secretArn != null;
    }

    /** Whether logging in needs AWS (a secret to read or an IAM token to sign). */
    public boolean usesAws() {
        return usesSecret() || iamAuth;
    }

    /** Identifies the login without revealing it: the user, or the secret and role chain. */
    public String identity() {
        String roles = iamRoles.isEmpty() ? "" : "|" + String.join(",", iamRoles);
        return usesSecret() ? "secret:" + secretArn + roles : iamAuth ? "iam:" + user + roles : user;
    }

    /** "user 'alice'" or "the user in secret 'arn:…'", for messages. */
    public String describeUser() {
        return usesSecret() ? "the user in secret '" + secretArn + "'" : "user '" + user + "'";
    }

    @Override
    public String toString() {
        return usesSecret() ? "CredentialSpec[secret=" + secretArn + ", iamRoles=" + iamRoles + "]"
                : iamAuth ? "CredentialSpec[user=" + user + ", auth=iam, iamRoles=" + iamRoles + "]"
                : "CredentialSpec[user=" + user + ", password=" + (password.isEmpty() ? "(none)" : "(redacted)") + "]";
    }
}
