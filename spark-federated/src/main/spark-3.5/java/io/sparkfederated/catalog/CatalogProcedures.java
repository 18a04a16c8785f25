package io.sparkfederated.catalog;

import java.util.List;

/**
 * Spark 3.5 has no procedures (CALL is new in 4.0): Redshift's {@code DROP SCHEMA a, b} runs as a
 * command that calls the catalog directly (see {@code DropExternalSchemasCommand}).
 */
public interface CatalogProcedures {

    /** Drops external schemas created by DDL (the mappings only); all or nothing unless {@code ifExists}. */
    void dropExternalSchemas(List<String> names, boolean ifExists);
}
