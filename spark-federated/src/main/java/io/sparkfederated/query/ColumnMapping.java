package io.sparkfederated.query;

import java.io.Serializable;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;

/**
 * How one remote column is read into Spark: its Spark type, how values are converted, and an
 * optional cast the remote database applies in the SELECT list (e.g. {@code text[]}).
 *
 * @param sparkType  the Spark type (for arrays, nested {@link ArrayType}s)
 * @param kind       how a value is converted; for arrays see {@link #element}
 * @param element    for {@link ValueKind#ARRAY}: the mapping of the innermost element; else null
 * @param remoteCast a remote type name to cast the column to when selecting it ({@code col::type}), or
 *                   an expression with {@code %s} where the column goes ({@code json_serialize(%s)}), or null
 * @param remoteBase the remote base type's name (after domains), as the engine spells it
 */
public record ColumnMapping(DataType sparkType, ValueKind kind, ColumnMapping element, String remoteCast,
                            String remoteBase) implements Serializable {

    public static ColumnMapping of(DataType sparkType, ValueKind kind) {
        return new ColumnMapping(sparkType, kind, null, null, null);
    }

    public ColumnMapping withRemoteCast(String cast) {
        return new ColumnMapping(sparkType, kind, element, cast, remoteBase);
    }

    public ColumnMapping withRemoteBase(String baseTypeName) {
        return new ColumnMapping(sparkType, kind, element, remoteCast, baseTypeName);
    }

    /** Number of array dimensions (0 for scalars). */
    public int dimensions() {
        int dims = 0;
        for (DataType t = sparkType; t instanceof ArrayType a; t = a.elementType()) {
            dims++;
        }
        return dims;
    }
}
