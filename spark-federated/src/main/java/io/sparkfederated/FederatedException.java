package io.sparkfederated;

/**
 * An error the user can act on: the message names the external schema (or data source), what went
 * wrong and what to change. Messages never contain passwords or other secret values.
 */
public class FederatedException extends RuntimeException {

    public FederatedException(String message) {
        super(message);
    }

    public FederatedException(String message, Throwable cause) {
        super(message, cause);
    }
}
