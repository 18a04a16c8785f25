package io.sparkfederated.sql;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Redshift's {@code DROP SCHEMA a, b} of external schemas of one federated catalog, as the DDL
 * extension resolved it. Each Spark line runs it its own way (see {@code DropPlans}): from 4.0 as
 * {@link #callSql()}, a call of the catalog's procedure.
 */
public record DropExternalSchemas(String catalog, List<String> names, boolean ifExists, boolean cascade) {

    /** Where the catalog's procedure lives: {@code <catalog>.system.drop_external_schemas}. */
    public static final String PROCEDURE_NAMESPACE = "system";
    public static final String PROCEDURE_NAME = "drop_external_schemas";

    public DropExternalSchemas {
        names = List.copyOf(names);
    }

    /** {@code CALL <catalog>.system.drop_external_schemas(array('a', 'b'), if_exists, cascade)}. */
    public String callSql() {
        return "CALL " + SparkSqlText.identifier(catalog, PROCEDURE_NAMESPACE, PROCEDURE_NAME)
                + "(array(" + names.stream().map(SparkSqlText::string).collect(Collectors.joining(", ")) + "), "
                + ifExists + ", " + cascade + ")";
    }

    /** The statement as a user would write it (for messages and EXPLAIN). */
    public String describe() {
        return "DROP SCHEMA " + (ifExists ? "IF EXISTS " : "")
                + names.stream().map(n -> SparkSqlText.identifier(catalog, n)).collect(Collectors.joining(", "))
                + (cascade ? " CASCADE" : "");
    }
}
