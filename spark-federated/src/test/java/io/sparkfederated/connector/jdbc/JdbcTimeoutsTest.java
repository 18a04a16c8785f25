package io.sparkfederated.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.config.TestEngines;

/** Which driver errors are the timeouts our options set, and what their messages say: no server needed. */
class JdbcTimeoutsTest {

    private static ExternalSchema schema(String socketTimeout, String statementTimeout) {
        return FederatedOptions.parse("s", Map.of("engine", "alpha", "uri", "h", "database", "d", "user", "u",
                "socket_timeout", socketTimeout, "statement_timeout", statementTimeout), Set.of(), List.of(),
                TestEngines.ALL, (where, secret) -> Map.of());
    }

    private static SQLException causedBy(String timeoutMessage) {
        return new SQLException("An I/O error occurred while sending to the backend.", "08006",
                new SocketTimeoutException(timeoutMessage));
    }

    @Test
    void aReadTimeoutIsSocketTimeoutOnlyWhenItIsSet() {
        assertThat(JdbcTimeouts.socketTimedOut(schema("30", "0"), causedBy("Read timed out"))).isTrue();
        assertThat(JdbcTimeouts.socketTimedOut(schema("0", "0"), causedBy("Read timed out"))).isFalse();
        // a TCP connect that timed out is connect_timeout's
        assertThat(JdbcTimeouts.socketTimedOut(schema("30", "0"), causedBy("Connect timed out"))).isFalse();
        assertThat(JdbcTimeouts.socketTimedOut(schema("30", "0"), new SQLException("no route", "08001"))).isFalse();
    }

    @Test
    void theMessagesNameTheOptionAndItsValue() {
        assertThat(JdbcTimeouts.explain(schema("30", "0"), "reading from Redshift", causedBy("Read timed out")))
                .contains("did not answer for 30 s (socket_timeout) while reading from Redshift", "raise 'socket_timeout'");
        assertThat(JdbcTimeouts.explain(schema("0", "45"), "reading from Redshift",
                new SQLException("ERROR: canceling statement due to statement timeout\n  Where: …", "57014")))
                .contains("cancelled the statement after 45 s (statement_timeout) while reading from Redshift"
                        + " (ERROR: canceling statement due to statement timeout)", "raise 'statement_timeout'");
        assertThat(JdbcTimeouts.explain(schema("0", "0"), "reading", new SQLException("syntax error", "42601"))).isNull();
    }
}
