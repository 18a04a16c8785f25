package io.sparkfederated.query;

import java.io.Serializable;
import java.util.Set;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;

/**
 * How one remote column is read into Spark: its Spark type, how values are converted, and an
 * optional cast the remote database applies in the SELECT list (e.g. {@code text[]}); and what the
 * remote database evaluates on the value as Spark would (decided by the engine's type mapping).
 *
 * @param sparkType    the Spark type (for arrays, nested {@link ArrayType}s)
 * @param kind         how a value is converted; for arrays see {@link #element}
 * @param element      for {@link ValueKind#ARRAY}: the mapping of the innermost element; else null
 * @param remoteCast   a remote type name to cast the column to when selecting it ({@code col::type}), or
 *                     an expression with {@code %s} where the column goes ({@code json_serialize(%s)}), or null
 * @param remoteBase   the remote base type's name (after domains), as the engine spells it
 * @param capabilities what may be pushed down on the value as read (after the cast); none unless set
 */
public record ColumnMapping(DataType sparkType, ValueKind kind, ColumnMapping element, String remoteCast,
                            String remoteBase, Set<ColumnCapability> capabilities) implements Serializable {

    public ColumnMapping {
        capabilities = capabilities == null || capabilities.isEmpty() ? Set.of() : Set.copyOf(capabilities);
    }

    public ColumnMapping(DataType sparkType, ValueKind kind, ColumnMapping element, String remoteCast, String remoteBase) {
        this(sparkType, kind, element, remoteCast, remoteBase, Set.of());
    }

    public static ColumnMapping of(DataType sparkType, ValueKind kind) {
        return new ColumnMapping(sparkType, kind, null, null, null);
    }

    public ColumnMapping withRemoteCast(String cast) {
        return new ColumnMapping(sparkType, kind, element, cast, remoteBase, capabilities);
    }

    public ColumnMapping withRemoteBase(String baseTypeName) {
        return new ColumnMapping(sparkType, kind, element, remoteCast, baseTypeName, capabilities);
    }

    public ColumnMapping withCapabilities(Set<ColumnCapability> pushable) {
        return new ColumnMapping(sparkType, kind, element, remoteCast, remoteBase, pushable);
    }

    public boolean can(ColumnCapability capability) {
        return capabilities.contains(capability);
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
