package io.sparkfederated.query;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

import io.sparkfederated.config.ExternalSchema;

/**
 * A remote relation with its columns, in the context of the external schema it was found in.
 *
 * @param utf8 whether the remote database stores text as UTF-8, so that byte order (PostgreSQL's
 *             {@code COLLATE "C"}) is Spark's code-point order of strings
 */
public record RemoteTable(ExternalSchema schema, RemoteRelation relation, List<RemoteColumn> columns, boolean utf8)
        implements Serializable {

    public RemoteTable {
        columns = List.copyOf(columns);
    }

    /** This relation read under other options of its external schema (a single read's). */
    public RemoteTable withSchema(ExternalSchema other) {
        return new RemoteTable(other, relation, columns, utf8);
    }

    /** The column of that name: exact match first, then ignoring case (as Spark resolves names). */
    public Optional<RemoteColumn> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .or(() -> columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst());
    }
}
