package io.sparkfederated.connector.jdbc;

import java.net.SocketTimeoutException;
import java.util.Locale;

import io.sparkfederated.config.ExternalSchema;

/**
 * What every JDBC engine says when one of the timeouts it applies runs out: the driver's
 * {@code socket_timeout} (the server stopped answering) or the server's {@code statement_timeout}.
 * Each engine's error class decides which of its errors these are.
 */
public final class JdbcTimeouts {

    private JdbcTimeouts() {
    }

    /**
     * Whether the driver gave up waiting for the server after socket_timeout: a read (not a TCP
     * connect, which connect_timeout bounds) timed out somewhere in the causes.
     */
    public static boolean socketTimedOut(ExternalSchema schema, Throwable e) {
        for (Throwable t = e; t != null && schema.scan().socketTimeoutSeconds() > 0; t = t.getCause()) {
            if (t instanceof SocketTimeoutException && !String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
                return true;
            }
        }
        return false;
    }

    /**
     * For engines without error codes of their own for these (Redshift): the timeout's message when
     * the driver timed out or the server's message says statement timeout, else null.
     */
    public static String explain(ExternalSchema schema, String action, java.sql.SQLException e) {
        return socketTimedOut(schema, e) ? noAnswer(schema, action)
                : String.valueOf(e.getMessage()).contains("statement timeout")
                ? statementTimedOut(schema, action, String.valueOf(e.getMessage()).lines().findFirst().orElse("")) : null;
    }

    /** The message for a connection the driver closed after {@code socket_timeout} seconds of silence. */
    public static String noAnswer(ExternalSchema schema, String action) {
        return schema.describe() + ": the server did not answer for " + schema.scan().socketTimeoutSeconds()
                + " s (socket_timeout) while " + action + ", so the connection was closed; check that the server and"
                + " the network to it are up, or raise 'socket_timeout' if the server may stay silent that long (a large"
                + " sort or aggregate computed before the first row; 0 waits without bound)";
    }

    /** The message for a statement the server cancelled after {@code statement_timeout} seconds. */
    public static String statementTimedOut(ExternalSchema schema, String action, String serverMessage) {
        return schema.describe() + ": the server cancelled the statement after " + schema.scan().statementTimeoutSeconds()
                + " s (statement_timeout) while " + action + " (" + serverMessage + "); raise 'statement_timeout'"
                + " (0 leaves the server's own limit), or read less: a filter, fewer columns, a smaller 'query'";
    }
}
