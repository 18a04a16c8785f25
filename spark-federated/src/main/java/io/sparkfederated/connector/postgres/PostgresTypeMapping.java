package io.sparkfederated.connector.postgres;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StringType;

import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.RemoteColumn;
import io.sparkfederated.query.RemoteTable;
import io.sparkfederated.query.ValueKind;

/**
 * The one table that maps PostgreSQL types to Spark types. The README's type mapping table is this
 * table; keep them in step.
 *
 * <p>Anything Spark cannot represent faithfully is read as STRING in PostgreSQL's own text form,
 * as Redshift's federated query does with the types it does not support.
 *
 * <p>It also decides what PostgreSQL evaluates on each value as Spark does ({@link #capabilities}).
 */
public final class PostgresTypeMapping {

    /** The Spark type of unconstrained {@code numeric}; values that do not fit exactly fail the read. */
    public static final DecimalType UNCONSTRAINED_NUMERIC = DataTypes.createDecimalType(38, 18);
    /** {@code money} is a 64-bit count of cents: 17 integer digits and 2 fractional. */
    public static final DecimalType MONEY = DataTypes.createDecimalType(19, 2);

    private PostgresTypeMapping() {
    }

    /**
     * The PostgreSQL type and mapping of a computed value of a Spark type (a grouping expression), or
     * null for types computed values are not read as.
     */
    static String typeFor(DataType sparkType) {
        if (sparkType instanceof DecimalType d) {
            return "numeric(" + d.precision() + "," + d.scale() + ")";
        }
        return switch (sparkType.typeName()) {
            case "boolean" -> "bool";
            case "short" -> "int2";
            case "integer" -> "int4";
            case "long" -> "int8";
            case "string" -> "text";
            case "date" -> "date";
            case "timestamp" -> "timestamptz";
            case "timestamp_ntz" -> "timestamp";
            default -> null;
        };
    }

    /** The mapping a value of a {@link #typeFor} type is read with. */
    static ColumnMapping mapComputed(DataType sparkType) {
        if (sparkType instanceof DecimalType d) {
            return ColumnMapping.of(d, ValueKind.DECIMAL).withRemoteBase("numeric").withCapabilities(capabilities(d, true));
        }
        return map(PgType.scalar(typeFor(sparkType), 'b', -1));
    }

    /** The mapping of a column of this type, with what PostgreSQL evaluates on it as Spark does in a UTF-8 database. */
    static ColumnMapping map(PgType type) {
        ColumnMapping mapping = mapType(type).withRemoteBase(type.name());
        return mapping.withCapabilities(capabilities(mapping.sparkType(), true));
    }

    /**
     * What PostgreSQL evaluates on a value as Spark does:
     * <ul>
     *   <li>text compares, sorts and groups in byte order ({@code COLLATE "C"}), which is Spark's
     *       code-point order only in a UTF-8 database; {@code char(n)} is read and compared as the
     *       text its cast gives ({@code "c"::text}, trailing blanks removed), so it takes the same;</li>
     *   <li>floats compare and sort as in Spark (NaN equal to NaN and above every number, -0 = 0), but
     *       do not group as Spark's (Spark outputs 0.0 for a group of -0.0 and 0.0);</li>
     *   <li>booleans, integers, decimals, dates and timestamps: all of it;</li>
     *   <li>binary values and arrays only appear in IS NULL.</li>
     * </ul>
     *
     * @param utf8 whether the database stores text as UTF-8
     */
    static Set<ColumnCapability> capabilities(DataType sparkType, boolean utf8) {
        if (sparkType instanceof StringType) {
            return utf8
                    ? EnumSet.of(ColumnCapability.FILTER, ColumnCapability.EQUALITY, ColumnCapability.ORDER,
                            ColumnCapability.GROUPING, ColumnCapability.TEXT)
                    : EnumSet.of(ColumnCapability.FILTER);
        }
        if (sparkType instanceof FloatType || sparkType instanceof DoubleType) {
            return EnumSet.of(ColumnCapability.FILTER, ColumnCapability.EQUALITY, ColumnCapability.ORDER);
        }
        return switch (sparkType.typeName()) {
            case "boolean", "byte", "short", "integer", "long", "date", "timestamp", "timestamp_ntz" -> ColumnCapability.exact();
            default -> sparkType instanceof DecimalType ? ColumnCapability.exact() : EnumSet.of(ColumnCapability.FILTER);
        };
    }

    /**
     * The table as PostgreSQL evaluates it: its columns' mappings assume a UTF-8 database, and in a
     * database of another encoding its text takes no comparison, LIKE or grouping.
     */
    static RemoteTable inItsEncoding(RemoteTable table) {
        if (table.utf8()) {
            return table;
        }
        List<RemoteColumn> columns = table.columns().stream().map(c -> new RemoteColumn(c.name(), c.remoteType(),
                c.mapping().withCapabilities(capabilities(c.mapping().sparkType(), false)),
                c.nullable())).toList();
        return new RemoteTable(table.schema(), table.relation(), columns, false);
    }

    private static ColumnMapping mapType(PgType type) {
        if (type.isArray()) {
            ColumnMapping element = scalar(type.element());
            DataType sparkType = element.sparkType();
            for (int i = 0; i < type.dimensions(); i++) {
                sparkType = new ArrayType(sparkType, true);
            }
            return new ColumnMapping(sparkType, ValueKind.ARRAY, element.withRemoteCast(null), arrayCast(element), null);
        }
        return scalar(type);
    }

    /**
     * Arrays are decoded element by element in binary; elements that need a cast (read as text,
     * money as numeric) are cast as a whole array. An element read through a function (inet) is
     * read from the array's own text form, which holds each element's output form.
     */
    private static String arrayCast(ColumnMapping element) {
        String cast = element.remoteCast();
        if (cast == null) {
            return null;
        }
        return cast.contains("%s") ? "%s::text::text[]" : cast + "[]";
    }

    private static ColumnMapping scalar(PgType type) {
        if (type.typtype() == 'e') {
            return textForm();
        }
        return switch (type.name()) {
            case "bool" -> ColumnMapping.of(DataTypes.BooleanType, ValueKind.BOOLEAN);
            case "int2" -> ColumnMapping.of(DataTypes.ShortType, ValueKind.SHORT);
            case "int4" -> ColumnMapping.of(DataTypes.IntegerType, ValueKind.INT);
            case "int8" -> ColumnMapping.of(DataTypes.LongType, ValueKind.LONG);
            case "oid" -> ColumnMapping.of(DataTypes.LongType, ValueKind.LONG).withRemoteCast("int8");
            case "float4" -> ColumnMapping.of(DataTypes.FloatType, ValueKind.FLOAT);
            case "float8" -> ColumnMapping.of(DataTypes.DoubleType, ValueKind.DOUBLE);
            case "numeric" -> numeric(type);
            case "money" -> ColumnMapping.of(MONEY, ValueKind.DECIMAL).withRemoteCast("numeric");
            case "bytea" -> ColumnMapping.of(DataTypes.BinaryType, ValueKind.BINARY);
            case "date" -> ColumnMapping.of(DataTypes.DateType, ValueKind.DATE);
            case "timestamp" -> ColumnMapping.of(DataTypes.TimestampNTZType, ValueKind.TIMESTAMP_NTZ);
            case "timestamptz" -> ColumnMapping.of(DataTypes.TimestampType, ValueKind.TIMESTAMP);
            case "text", "varchar", "name" -> ColumnMapping.of(DataTypes.StringType, ValueKind.STRING);
            // char(n) without its trailing blanks, as PostgreSQL's own cast to text gives it (and as
            // MySQL returns CHAR): predicates on the value as read then follow Spark's STRING rules
            case "bpchar" -> ColumnMapping.of(DataTypes.StringType, ValueKind.STRING).withRemoteCast("text");
            // inet's cast to text always adds the netmask ('10.0.0.1/32'); abbrev() is its output
            // form, what psql shows ('10.0.0.1'). cidr's cast to text is its output form already.
            case "inet" -> ColumnMapping.of(DataTypes.StringType, ValueKind.STRING).withRemoteCast("abbrev(%s)");
            // citext, uuid, json, jsonb, xml, time, timetz, interval, cidr, macaddr, ranges,
            // geometric types, bit strings, composite types, …
            default -> textForm();
        };
    }

    private static ColumnMapping numeric(PgType type) {
        int precision = type.numericPrecision();
        if (precision < 0) {
            return ColumnMapping.of(UNCONSTRAINED_NUMERIC, ValueKind.DECIMAL);
        }
        int scale = type.numericScale();
        if (precision <= DecimalType.MAX_PRECISION() && scale >= 0 && scale <= precision) {
            return ColumnMapping.of(DataTypes.createDecimalType(precision, scale), ValueKind.DECIMAL);
        }
        // wider than Spark's 38 digits, or a negative / larger-than-precision scale (PostgreSQL 15+): exact text
        return textForm();
    }

    /** STRING holding PostgreSQL's text form of the value: the remote database casts it to text. */
    private static ColumnMapping textForm() {
        return ColumnMapping.of(DataTypes.StringType, ValueKind.STRING).withRemoteCast("text");
    }
}
