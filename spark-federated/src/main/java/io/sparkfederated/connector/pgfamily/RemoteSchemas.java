package io.sparkfederated.connector.pgfamily;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;

/** The "does the remote schema exist" check of the engines with a PostgreSQL catalog (PostgreSQL, Redshift). */
public final class RemoteSchemas {

    private static final String SCHEMA_EXISTS = "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?";

    private RemoteSchemas() {
    }

    /** Fails, naming the option to fix, unless {@code remoteSchema} exists in the connection's database. */
    public static void require(ExternalSchema schema, Connection c, String remoteSchema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SCHEMA_EXISTS)) {
            ps.setString(1, remoteSchema);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new FederatedException(schema.describe() + ": schema '" + remoteSchema + "' does not exist in database '"
                            + schema.database() + "'; check the 'schema' option or SCHEMA clause (remote schema names are"
                            + " case-sensitive)");
                }
            }
        }
    }
}
