package io.sparkfederated.connector.redshift;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.ValueKind;

/**
 * Redshift column types (as {@code format_type} spells them) to Spark types. Types without a
 * faithful Spark twin are read as text ({@code ::varchar}), as Redshift's own federated query
 * does with types it does not support. The README's Redshift type table is this table. It also
 * decides what Redshift evaluates on each value as Spark does ({@link #capabilities}).
 */
final class RedshiftTypeMapping {

    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");

    private RedshiftTypeMapping() {
    }

    /**
     * A result column's JDBC type name (as the driver reports it: {@code int4}, {@code bpchar}, …)
     * spelled as {@code format_type} spells it, so {@link #map} serves tables and queries alike.
     */
    static String formatType(String jdbcTypeName, int precision, int scale) {
        return switch (jdbcTypeName) {
            case "int2" -> "smallint";
            case "int4" -> "integer";
            case "int8" -> "bigint";
            case "float4" -> "real";
            case "float8" -> "double precision";
            case "bool" -> "boolean";
            case "varchar" -> "character varying";
            case "bpchar" -> "character";
            case "timestamp" -> "timestamp without time zone";
            case "timestamptz" -> "timestamp with time zone";
            case "numeric" -> precision > 0 && precision <= 38 ? "numeric(" + precision + "," + scale + ")" : "numeric";
            default -> jdbcTypeName;
        };
    }

    static ColumnMapping map(String type) {
        ColumnMapping mapping = mapType(type);
        return mapping.withCapabilities(capabilities(mapping));
    }

    /**
     * What Redshift evaluates on a column as Spark does: all of it for integers, decimals, booleans,
     * dates and timestamps. Text only narrows by equality: Redshift ignores trailing blanks when
     * comparing, and its collation (maybe case-insensitive) is not Spark's code-point order. Floats
     * (NaN, order of addition) and values read through a cast or function take nothing, except
     * {@code char(n)} read through {@code rtrim}, which narrows as text does.
     */
    static Set<ColumnCapability> capabilities(ColumnMapping mapping) {
        if (mapping.remoteCast() != null && !"bpchar".equals(mapping.remoteBase())) {
            return ColumnCapability.none();
        }
        return mapping.kind() == ValueKind.STRING ? EnumSet.of(ColumnCapability.NARROWING_EQUALITY) : capabilities(mapping.sparkType());
    }

    /** What Redshift evaluates as Spark does on a literal or computed value of a Spark type. */
    static Set<ColumnCapability> capabilities(DataType sparkType) {
        return switch (sparkType.typeName()) {
            case "boolean", "byte", "short", "integer", "long", "date", "timestamp", "timestamp_ntz" -> ColumnCapability.exact();
            default -> sparkType instanceof DecimalType ? ColumnCapability.exact() : ColumnCapability.none();
        };
    }

    private static ColumnMapping mapType(String type) {
        Matcher numeric = NUMERIC.matcher(type);
        if (numeric.matches()) {
            int precision = Integer.parseInt(numeric.group(1));
            int scale = Integer.parseInt(numeric.group(2));
            return ColumnMapping.of(DataTypes.createDecimalType(Math.min(precision, 38), Math.min(scale, 38)), ValueKind.DECIMAL)
                    .withRemoteBase("numeric");
        }
        String base = type.replaceAll("\\(.*\\)", "");
        ColumnMapping mapping = switch (base) {
            case "smallint" -> ColumnMapping.of(DataTypes.ShortType, ValueKind.SHORT);
            case "integer" -> ColumnMapping.of(DataTypes.IntegerType, ValueKind.INT);
            case "bigint" -> ColumnMapping.of(DataTypes.LongType, ValueKind.LONG);
            case "real" -> ColumnMapping.of(DataTypes.FloatType, ValueKind.FLOAT);
            case "double precision" -> ColumnMapping.of(DataTypes.DoubleType, ValueKind.DOUBLE);
            case "numeric" -> ColumnMapping.of(DataTypes.createDecimalType(38, 18), ValueKind.DECIMAL);
            case "boolean" -> ColumnMapping.of(DataTypes.BooleanType, ValueKind.BOOLEAN);
            case "character varying", "text" -> ColumnMapping.of(DataTypes.StringType, ValueKind.STRING);
            // char(n) without its trailing blanks (as PostgreSQL's char(n) is read)
            case "character", "bpchar" -> ColumnMapping.of(DataTypes.StringType, ValueKind.STRING).withRemoteCast("rtrim(%s)")
                    .withRemoteBase("bpchar");
            case "date" -> ColumnMapping.of(DataTypes.DateType, ValueKind.DATE);
            case "timestamp without time zone" -> ColumnMapping.of(DataTypes.TimestampNTZType, ValueKind.TIMESTAMP_NTZ);
            case "timestamp with time zone" -> ColumnMapping.of(DataTypes.TimestampType, ValueKind.TIMESTAMP);
            case "varbyte", "varbinary", "binary varying" -> ColumnMapping.of(DataTypes.BinaryType, ValueKind.BINARY);
            // SUPER: its JSON text (a plain ::varchar cast only works for scalar strings)
            case "super" -> ColumnMapping.of(DataTypes.StringType, ValueKind.STRING).withRemoteCast("json_serialize(%s)");
            // spatial values as extended WKT (keeps the SRID)
            case "geometry", "geography" -> ColumnMapping.of(DataTypes.StringType, ValueKind.STRING)
                    .withRemoteCast("st_asewkt(%s)");
            // time, timetz, hllsketch, …: their text form
            default -> ColumnMapping.of(DataTypes.StringType, ValueKind.STRING).withRemoteCast("varchar");
        };
        return mapping.remoteBase() == null ? mapping.withRemoteBase(base) : mapping;
    }
}
