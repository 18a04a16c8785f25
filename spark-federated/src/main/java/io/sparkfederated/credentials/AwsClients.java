package io.sparkfederated.credentials;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

import io.sparkfederated.FederatedException;

/**
 * AWS SDK v2 clients for one credential spec: the role chain walked through STS (each role assumed
 * with the credentials of the one before, starting from the default credentials chain), and a
 * Secrets Manager client in the secret's region. All over the JDK's HTTP client.
 */
final class AwsClients {

    static final String SESSION_NAME = "spark-federated";
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(java.time.Duration.ofSeconds(10))
            .socketTimeout(java.time.Duration.ofSeconds(30))
            .build();

    private AwsClients() {
    }

    static SecretsManagerClient secretsManager(String where, CredentialSpec spec) {
        var builder = SecretsManagerClient.builder()
                .httpClient(HTTP)
                .region(Region.of(spec.region()))
                .credentialsProvider(roleChain(where, spec));
        if (spec.secretsManagerEndpoint() != null) {
            builder.endpointOverride(URI.create(spec.secretsManagerEndpoint()));
        }
        return builder.build();
    }

    /**
     * An RDS IAM authentication token for the user at host:port: a presigned {@code connect} request,
     * valid 15 minutes, signed with the role chain's credentials; PostgreSQL takes it as the password.
     */
    static String rdsAuthToken(String where, CredentialSpec spec, String host, int port) {
        RdsUtilities rds = RdsUtilities.builder().region(Region.of(spec.region())).credentialsProvider(roleChain(where, spec)).build();
        try {
            return rds.generateAuthenticationToken(r -> r.hostname(host).port(port).username(spec.user()));
        } catch (SdkClientException e) {
            throw new FederatedException(where + ": cannot sign an RDS IAM authentication token: " + e.getMessage()
                    + "; check that this host has AWS credentials", e);
        }
    }

    /** Credentials after assuming each role of the chain in order; the default chain when there is none. */
    private static AwsCredentialsProvider roleChain(String where, CredentialSpec spec) {
        AwsCredentialsProvider current = DefaultCredentialsProvider.builder().build();
        String previous = "the default AWS credentials (instance profile, environment, profile)";
        for (String role : spec.iamRoles()) {
            var builder = StsClient.builder().httpClient(HTTP).region(Region.of(spec.region())).credentialsProvider(current);
            if (spec.stsEndpoint() != null) {
                builder.endpointOverride(URI.create(spec.stsEndpoint()));
            }
            try (StsClient sts = builder.build()) {
                Credentials c = sts.assumeRole(r -> r.roleArn(role).roleSessionName(SESSION_NAME).durationSeconds(3600)).credentials();
                current = StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
            } catch (StsException e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                throw new FederatedException(where + ": cannot assume IAM role '" + role + "' with " + previous + " ("
                        + code + "); " + (code.startsWith("Expired") ? "those credentials have expired; refresh them"
                        : "the role's trust policy must allow sts:AssumeRole by " + previous), e);
            } catch (SdkClientException e) {
                throw new FederatedException(where + ": cannot assume IAM role '" + role + "': " + e.getMessage()
                        + (spec.stsEndpoint() != null ? " (STS endpoint " + spec.stsEndpoint() + ")" : ""), e);
            }
            previous = "role '" + role + "'";
        }
        return current;
    }
}
