package io.sparkfederated.catalog;

import java.util.List;
import java.util.Optional;

import io.sparkfederated.query.RemoteRelation;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.config.ExternalSchema;

/** What the metadata tables describe: a catalog's external schemas and their remote relations. */
public interface CatalogContents {

    String catalogName();

    List<ExternalSchemaRegistry.Entry> externalSchemas();

    /** The relations of an external schema, as {@code SHOW TABLES} lists them. */
    List<RemoteRelation> relations(ExternalSchema schema);

    /** One relation with its columns, as {@code DESCRIBE} shows them. */
    Optional<RemoteTable> table(ExternalSchema schema, String name);
}
