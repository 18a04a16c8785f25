package io.sparkfederated.sql;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.ExternalCommandRunner;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.sparkfederated.FederatedException;
import io.sparkfederated.catalog.CatalogProcedures;
import io.sparkfederated.spark.SparkLine;

/**
 * Spark 3.5's {@code DROP SCHEMA} of external schemas: run by Spark's {@code ExternalCommandExecutor}
 * when the statement executes (not when it is parsed), on the catalog the statement names.
 */
final class DropExternalSchemasCommand implements ExternalCommandRunner {

    private final DropExternalSchemas drop;

    DropExternalSchemasCommand(DropExternalSchemas drop) {
        this.drop = drop;
    }

    @Override
    public String[] executeCommand(String command, CaseInsensitiveStringMap options) {
        CatalogPlugin catalog = SparkLine.current().sessionState(SparkSession.active()).orElseThrow()
                .catalogManager().catalog(drop.catalog());
        if (!(catalog instanceof CatalogProcedures federated)) {
            throw new FederatedException("catalog '" + drop.catalog() + "' is not a spark-federated catalog");
        }
        federated.dropExternalSchemas(drop.names(), drop.ifExists());
        return new String[0];
    }
}
