package io.sparkfederated.connector;

import java.io.Serializable;
import java.util.List;

import io.sparkfederated.catalog.ExternalSchema;

/** A remote relation with its columns, in the context of the external schema it was found in. */
public record RemoteTable(ExternalSchema schema, RemoteRelation relation, List<RemoteColumn> columns)
        implements Serializable {

    public RemoteTable {
        columns = List.copyOf(columns);
    }
}
