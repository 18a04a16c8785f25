package io.sparkfederated.connector.postgres;

import java.io.Serializable;

/**
 * What a PostgreSQL split needs beyond its SQL: the query's exported snapshot and the server that
 * exported it (a snapshot can only be imported there), and the columns its plan assumes.
 *
 * @param snapshotId the exported snapshot, or null to read the current state
 * @param server     the exporting server's identity ({@link PostgresCatalogQueries#SERVER_IDENTITY}), or null
 * @param columns    the column check of a named relation, or null
 */
record PgSplitContext(String snapshotId, String server, PgColumnCheck columns) implements Serializable {
}
