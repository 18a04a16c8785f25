package io.sparkfederated;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.postgresql.PGConnection;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.connector.Engines;
import io.sparkfederated.connector.postgres.PostgresConnections;

/**
 * A stand-in for a Spark JVM that a test kills outright: opens a session as the connector does
 * ({@link PostgresConnections#open}) and runs a COPY over a slow query until it is killed.
 * Arguments: host port database user; the password in the environment variable {@value #PASSWORD_ENV}.
 */
public final class SlowCopyClient {

    static final String PASSWORD_ENV = "SLOW_COPY_PASSWORD";

    private SlowCopyClient() {
    }

    public static void main(String[] args) throws Exception {
        ExternalSchema schema = FederatedOptions.parse("killed", Map.of("engine", "postgres", "uri", args[0], "port", args[1],
                "database", args[2], "user", args[3], "password", System.getenv(PASSWORD_ENV)), Set.of(), List.of(), Engines.installed(),
                (where, secret) -> Map.of());
        try (Connection c = PostgresConnections.open(schema)) {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT pg_sleep(600)) TO STDOUT", System.out);
        }
    }
}
