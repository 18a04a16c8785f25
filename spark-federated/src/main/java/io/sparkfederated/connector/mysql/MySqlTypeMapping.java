package io.sparkfederated.connector.mysql;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.ColumnMapping;
import io.sparkfederated.query.ValueKind;

/**
 * MySQL / MariaDB column types to Spark types, exactly: unsigned integers widened to the next type
 * that holds their maximum, DECIMAL kept (beyond Spark's 38 digits as exact text), TINYINT(1) as
 * BOOLEAN (any non-zero value is true, as in MySQL). Dates and times are read as numbers the server
 * computes ({@code DATEDIFF}, {@code TIMESTAMPDIFF}), so zero and partly-zero dates become NULL, and
 * TIMESTAMP values, read in a {@code +00:00} session, are instants; FLOAT is read as the DOUBLE it
 * widens to exactly (MySQL's text of a FLOAT keeps 6 digits). Types Spark has no twin for (TIME
 * spans ±838 hours, spatial values) are read as their text. The README's MySQL type table is this
 * table. {@code remoteBase} is the DATA_TYPE; for strings it is suffixed with {@code :<collation>}.
 * What pushdown may do with a column is decided here too ({@link #capabilities}).
 */
final class MySqlTypeMapping {

    /** Days since 1970-01-01; NULL for zero or invalid dates. */
    static final String EPOCH_DAYS = "DATEDIFF(%s, '1970-01-01')";
    /** Microseconds since 1970-01-01 00:00:00 of the wall-clock value (the session's zone is UTC for TIMESTAMP). */
    static final String EPOCH_MICROS = "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', %s)";
    /**
     * With {@code zero_dates=fail}: a value that is not NULL but has no day number (a zero or partly-zero
     * date) overflows a signed BIGINT, MySQL's error 1690 (whose text names the column, see
     * {@link MySqlErrors}); wherever the value is computed (read, filtered, counted) the query fails.
     */
    private static final String OR_FAIL = "CASE WHEN %1$s IS NULL AND CAST(%%s AS CHAR) IS NOT NULL"
            + " THEN 9223372036854775807 + (CAST(%%s AS CHAR) IS NOT NULL) ELSE %1$s END";

    /** Kinds MySQL compares, sorts and groups as Spark does, in the form they are read. */
    private static final Set<ValueKind> EXACT_KINDS = EnumSet.of(ValueKind.SHORT, ValueKind.INT, ValueKind.LONG,
            ValueKind.DECIMAL, ValueKind.BOOLEAN, ValueKind.DATE, ValueKind.TIMESTAMP, ValueKind.TIMESTAMP_NTZ);
    /** Kinds whose read form is a number the server computes (days, microseconds), compared as read. */
    private static final Set<ValueKind> COMPUTED_FORMS = EnumSet.of(ValueKind.DATE, ValueKind.TIMESTAMP, ValueKind.TIMESTAMP_NTZ);
    /**
     * FLOAT and DOUBLE hold no NaN or infinity in MySQL (storing one is an out-of-range error in strict
     * mode, clipped to the largest finite value otherwise), and MySQL, as Spark, has -0.0 = 0.0: compared
     * with finite literals (NaN and infinities are never sent) their comparisons and order are Spark's.
     * Grouping is not: Spark outputs 0.0 for a group holding -0.0 and 0.0, MySQL either.
     */
    private static final Set<ColumnCapability> FLOAT_CAPABILITIES =
            EnumSet.of(ColumnCapability.FILTER, ColumnCapability.EQUALITY, ColumnCapability.ORDER);
    /** Text types whose equality with a string literal is not text equality (MySQL 8's JSON compares as JSON). */
    private static final Set<String> NOT_PLAIN_TEXT = Set.of("enum", "set", "json");

    private MySqlTypeMapping() {
    }

    /**
     * @param dataType   information_schema's DATA_TYPE ({@code int}, {@code varchar}, …)
     * @param columnType information_schema's COLUMN_TYPE ({@code int(10) unsigned}, {@code tinyint(1)}, …)
     * @param precision  NUMERIC_PRECISION (for decimal, bit: its digits or bits), or 0
     * @param scale      NUMERIC_SCALE, or 0
     * @param collation  COLLATION_NAME for character columns, else null
     * @param options    how TINYINT(1) and zero dates are read
     */
    static ColumnMapping map(String dataType, String columnType, long precision, long scale, String collation,
                             MySqlReadOptions options) {
        String type = dataType.toLowerCase(Locale.ROOT);
        String full = columnType.toLowerCase(Locale.ROOT);
        boolean unsigned = full.contains("unsigned");
        ColumnMapping mapping = switch (type) {
            case "tinyint" -> full.startsWith("tinyint(1)") && !unsigned && options.tinyint1AsBoolean() ? of(DataTypes.BooleanType, ValueKind.BOOLEAN)
                    : of(DataTypes.ShortType, ValueKind.SHORT);
            case "smallint" -> unsigned ? of(DataTypes.IntegerType, ValueKind.INT) : of(DataTypes.ShortType, ValueKind.SHORT);
            case "mediumint" -> of(DataTypes.IntegerType, ValueKind.INT);
            case "int", "integer" -> unsigned ? of(DataTypes.LongType, ValueKind.LONG) : of(DataTypes.IntegerType, ValueKind.INT);
            case "bigint" -> unsigned ? of(DataTypes.createDecimalType(20, 0), ValueKind.DECIMAL) : of(DataTypes.LongType, ValueKind.LONG);
            case "decimal", "numeric" -> precision <= 38
                    ? of(DataTypes.createDecimalType((int) Math.max(precision, 1), (int) scale), ValueKind.DECIMAL)
                    : of(DataTypes.StringType, ValueKind.STRING).withRemoteCast("CAST(%s AS CHAR)");
            // MySQL sends a FLOAT as text of 6 significant digits (1.2345679 arrives as 1.23457): as a double, exactly
            case "float" -> of(DataTypes.FloatType, ValueKind.FLOAT).withRemoteCast("CAST(%s AS DOUBLE)");
            case "double", "real", "double precision" -> of(DataTypes.DoubleType, ValueKind.DOUBLE);
            case "bit" -> precision <= 1 ? of(DataTypes.BooleanType, ValueKind.BOOLEAN).withRemoteCast("CAST(%s AS UNSIGNED)")
                    : precision <= 63 ? of(DataTypes.LongType, ValueKind.LONG).withRemoteCast("CAST(%s AS UNSIGNED)")
                    : of(DataTypes.createDecimalType(20, 0), ValueKind.DECIMAL).withRemoteCast("CAST(%s AS UNSIGNED)");
            case "year" -> of(DataTypes.ShortType, ValueKind.SHORT);
            case "date" -> of(DataTypes.DateType, ValueKind.DATE).withRemoteCast(dateForm(EPOCH_DAYS, options));
            case "datetime" -> of(DataTypes.TimestampNTZType, ValueKind.TIMESTAMP_NTZ).withRemoteCast(dateForm(EPOCH_MICROS, options));
            case "timestamp" -> of(DataTypes.TimestampType, ValueKind.TIMESTAMP).withRemoteCast(dateForm(EPOCH_MICROS, options));
            case "time" -> of(DataTypes.StringType, ValueKind.STRING).withRemoteCast("CAST(%s AS CHAR)");
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> of(DataTypes.BinaryType, ValueKind.BINARY);
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> of(DataTypes.StringType, ValueKind.STRING).withRemoteCast("ST_AsText(%s)");
            // char, varchar, the text types, enum, set, json (MariaDB's json is longtext): their text
            default -> of(DataTypes.StringType, ValueKind.STRING);
        };
        return mapping.withRemoteBase(collation == null ? type : type + ":" + collation.toLowerCase(Locale.ROOT))
                .withCapabilities(capabilities(mapping, type));
    }

    /** A date's or time's read form: NULL for zero dates, or failing on them. */
    private static String dateForm(String form, MySqlReadOptions options) {
        return options.failOnZeroDates() ? String.format(OR_FAIL, form) : form;
    }

    /**
     * Integers (signed and widened unsigned), DECIMAL up to 38 digits, TINYINT(1) as {@code col <> 0},
     * dates as their day numbers and DATETIME / TIMESTAMP as their microseconds since 1970 (wall clock,
     * or UTC instants in the session's {@code +00:00}) compare, sort and group exactly as Spark; a zero
     * date is NULL in those forms too. FLOAT and DOUBLE compare and sort as Spark ({@link #FLOAT_CAPABILITIES}).
     * Text only narrows: its collations ignore case, accents or trailing blanks, looser than Spark's
     * equality but never stricter. BIT and all else: nothing.
     */
    static Set<ColumnCapability> capabilities(ColumnMapping mapping, String dataType) {
        if (EXACT_KINDS.contains(mapping.kind()) && (mapping.remoteCast() == null || COMPUTED_FORMS.contains(mapping.kind()))) {
            return ColumnCapability.exact();
        }
        if (mapping.kind() == ValueKind.FLOAT || mapping.kind() == ValueKind.DOUBLE) {
            return FLOAT_CAPABILITIES;
        }
        if (mapping.kind() == ValueKind.STRING && mapping.remoteCast() == null && !NOT_PLAIN_TEXT.contains(dataType)) {
            return EnumSet.of(ColumnCapability.NARROWING_EQUALITY);
        }
        return ColumnCapability.none();
    }

    /** What a literal or computed value of a Spark type supports: those of the types read into exact kinds, or floats'. */
    static Set<ColumnCapability> capabilities(DataType type) {
        boolean exact = type instanceof BooleanType || type instanceof ByteType || type instanceof ShortType
                || type instanceof IntegerType || type instanceof LongType || type instanceof DecimalType
                || type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType;
        return exact ? ColumnCapability.exact()
                : type instanceof FloatType || type instanceof DoubleType ? FLOAT_CAPABILITIES : ColumnCapability.none();
    }

    /**
     * A result column of a 'query' as Connector/J describes it ({@code INT UNSIGNED}, {@code DECIMAL}, …),
     * spelled as information_schema's DATA_TYPE and COLUMN_TYPE, so {@link #map} serves both. A
     * TINYINT of display width 1 is TINYINT(1).
     */
    static String[] fromResultMetadata(String jdbcTypeName, int precision, int scale, int displaySize) {
        String name = jdbcTypeName.toLowerCase(Locale.ROOT);
        boolean unsigned = name.endsWith(" unsigned");
        String base = unsigned ? name.substring(0, name.length() - " unsigned".length()) : name;
        String columnType = base.equals("tinyint") && displaySize == 1 ? "tinyint(1)" : base;
        if (base.equals("decimal")) {
            columnType = "decimal(" + precision + "," + scale + ")";
        }
        return new String[] {base, unsigned ? columnType + " unsigned" : columnType};
    }

    private static ColumnMapping of(org.apache.spark.sql.types.DataType type, ValueKind kind) {
        return ColumnMapping.of(type, kind);
    }
}
