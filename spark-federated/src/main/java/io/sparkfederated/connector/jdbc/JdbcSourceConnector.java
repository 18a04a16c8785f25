package io.sparkfederated.connector.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.connector.RelationNames;
import io.sparkfederated.connector.SourceConnector;
import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;

/**
 * The catalog side every JDBC engine shares: open a read-only session, check the remote schema,
 * list its relations, or find one by Spark's name rule ({@link RelationNames}) and describe it. An
 * engine supplies its session, its catalog queries and its error translation.
 */
public abstract class JdbcSourceConnector implements SourceConnector {

    /** A read-only session on the external schema's database. */
    protected abstract Connection open(ExternalSchema schema);

    /** The error for a failed catalog statement, naming what was being done and what to fix. */
    protected abstract RuntimeException failure(ExternalSchema schema, String doing, SQLException e);

    /** Fails, naming the option to fix, unless the remote schema exists. */
    protected abstract void requireSchema(ExternalSchema schema, Connection c, String remoteSchema) throws SQLException;

    /** The relations Spark may query in the remote schema, sorted by name. */
    protected abstract List<RemoteRelation> relations(Connection c, String remoteSchema) throws SQLException;

    /**
     * The relations whose names equal {@code name} ignoring case, each as the engine's identifying
     * fields with the name second (as {@link RelationNames#choose} takes them).
     */
    protected abstract List<String[]> candidates(Connection c, String remoteSchema, String name) throws SQLException;

    /** The chosen candidate, with its columns. */
    protected abstract RemoteTable describe(ExternalSchema schema, Connection c, String remoteSchema, String[] chosen)
            throws SQLException;

    @Override
    public final List<RemoteRelation> listTables(ExternalSchema schema) {
        try (Connection c = open(schema)) {
            requireSchema(schema, c, schema.remoteSchema());
            List<RemoteRelation> relations = relations(c, schema.remoteSchema());
            endTransaction(c);
            return relations;
        } catch (SQLException e) {
            throw failure(schema, "listing tables of remote schema '" + schema.remoteSchema() + "'", e);
        }
    }

    @Override
    public final Optional<RemoteTable> loadTable(ExternalSchema schema, String remoteSchema, String name) {
        try (Connection c = open(schema)) {
            requireSchema(schema, c, remoteSchema);
            String[] chosen = RelationNames.choose(schema, remoteSchema, name, candidates(c, remoteSchema, name));
            RemoteTable table = chosen == null ? null : describe(schema, c, remoteSchema, chosen);
            endTransaction(c);
            return Optional.ofNullable(table);
        } catch (SQLException e) {
            throw failure(schema, "reading the columns of " + remoteSchema + "." + name, e);
        }
    }

    /** Ends the read-only transaction of a session that is not in autocommit (nothing was written). */
    private static void endTransaction(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
        }
    }
}
