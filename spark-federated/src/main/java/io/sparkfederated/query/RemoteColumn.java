package io.sparkfederated.query;

import java.io.Serializable;

/**
 * A column of a remote relation as the remote database describes it, with its Spark mapping.
 *
 * @param name       the remote column name, exactly as stored (case preserved)
 * @param remoteType the remote type as the remote database spells it, e.g. {@code numeric(12,2)}
 * @param nullable   false only when the remote database guarantees no NULLs
 */
public record RemoteColumn(String name, String remoteType, ColumnMapping mapping, boolean nullable)
        implements Serializable {
}
