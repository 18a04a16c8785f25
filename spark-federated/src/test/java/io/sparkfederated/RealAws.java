package io.sparkfederated;

import java.util.Map;

/** What the opt-in tests against real AWS share. */
public final class RealAws {

    private RealAws() {
    }

    /** Runs the body without the sandbox's base credentials (system properties), which would shadow this machine's real ones. */
    public static void withRealCredentials(Runnable body) {
        String sandboxKey = System.clearProperty("aws.accessKeyId");
        String sandboxSecret = System.clearProperty("aws.secretAccessKey");
        try {
            body.run();
        } finally {
            if (sandboxKey != null) {
                System.setProperty("aws.accessKeyId", sandboxKey);
                System.setProperty("aws.secretAccessKey", sandboxSecret);
            }
        }
    }

    /** Sets an option from an environment variable, when that is set. */
    public static void putIfSet(Map<String, String> options, String option, String env) {
        String value = System.getenv(env);
        if (value != null && !value.isBlank()) {
            options.put(option, value);
        }
    }
}
