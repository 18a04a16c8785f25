package io.sparkfederated.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.connector.catalog.procedures.BoundProcedure;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.connector.catalog.procedures.UnboundProcedure;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.sparkfederated.sql.DropExternalSchemas;

/**
 * {@code CALL <catalog>.system.drop_external_schemas(array('a', 'b'), if_exists, cascade)}: what
 * Redshift's {@code DROP SCHEMA a, b} becomes. Removes the mappings only (nothing is sent to the
 * remote databases); all or nothing when a name is unknown. CASCADE and RESTRICT behave alike: an
 * external schema holds no local objects.
 */
final class DropExternalSchemasProcedure implements UnboundProcedure, BoundProcedure {

    private static final ProcedureParameter[] PARAMETERS = {
            ProcedureParameter.in("names", DataTypes.createArrayType(DataTypes.StringType, false)).build(),
            ProcedureParameter.in("if_exists", DataTypes.BooleanType).defaultValue("false").build(),
            ProcedureParameter.in("cascade", DataTypes.BooleanType).defaultValue("false").build(),
    };

    private final CatalogProcedures catalog;

    DropExternalSchemasProcedure(CatalogProcedures catalog) {
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return DropExternalSchemas.PROCEDURE_NAME;
    }

    @Override
    public String description() {
        return "Drops external schemas created by CREATE EXTERNAL SCHEMA (the mapping only, never remote data)";
    }

    @Override
    public BoundProcedure bind(StructType inputType) {
        return this;
    }

    @Override
    public ProcedureParameter[] parameters() {
        return PARAMETERS.clone();
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }

    @Override
    public Iterator<Scan> call(InternalRow input) {
        ArrayData array = input.getArray(0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < array.numElements(); i++) {
            names.add(array.getUTF8String(i).toString());
        }
        boolean ifExists = !input.isNullAt(1) && input.getBoolean(1);
        catalog.dropExternalSchemas(names, ifExists);
        return Collections.emptyIterator();
    }
}
