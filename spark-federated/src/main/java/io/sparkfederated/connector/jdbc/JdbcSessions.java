package io.sparkfederated.connector.jdbc;

/** What every JDBC engine's sessions share. */
public final class JdbcSessions {

    /** How sessions name themselves to the server (pg_stat_activity, PROCESSLIST). */
    public static final String APPLICATION_NAME = "spark-federated";

    private JdbcSessions() {
    }

    /** Closes a statement, result or connection, ignoring failures (cleanup after an error or at the end). */
    public static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
