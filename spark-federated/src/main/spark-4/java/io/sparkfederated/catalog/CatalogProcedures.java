package io.sparkfederated.catalog;

import java.util.List;

import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.ProcedureCatalog;
import org.apache.spark.sql.connector.catalog.procedures.UnboundProcedure;

import io.sparkfederated.FederatedException;
import io.sparkfederated.sql.DropExternalSchemas;

/**
 * Spark 4: the federated catalog's one procedure, {@code system.drop_external_schemas}, which
 * Redshift's {@code DROP SCHEMA a, b} becomes (see {@link DropExternalSchemas#callSql()}).
 */
public interface CatalogProcedures extends ProcedureCatalog {

    /** Drops external schemas created by DDL (the mappings only); all or nothing unless {@code ifExists}. */
    void dropExternalSchemas(List<String> names, boolean ifExists);

    @Override
    default UnboundProcedure loadProcedure(Identifier ident) {
        if (isDropProcedure(ident.namespace()) && ident.name().equalsIgnoreCase(DropExternalSchemas.PROCEDURE_NAME)) {
            return new DropExternalSchemasProcedure(this);
        }
        throw new FederatedException("catalog '" + name() + "' has no procedure " + ident + "; it has "
                + DropExternalSchemas.PROCEDURE_NAMESPACE + "." + DropExternalSchemas.PROCEDURE_NAME);
    }

    // implements 4.1's listProcedures; 4.0 has none
    default Identifier[] listProcedures(String[] namespace) {
        return isDropProcedure(namespace)
                ? new Identifier[] {Identifier.of(namespace, DropExternalSchemas.PROCEDURE_NAME)}
                : new Identifier[0];
    }

    private static boolean isDropProcedure(String[] namespace) {
        return namespace.length == 1 && namespace[0].equalsIgnoreCase(DropExternalSchemas.PROCEDURE_NAMESPACE);
    }
}
