package io.sparkfederated.pushdown;

import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.types.DataType;

import io.sparkfederated.query.ColumnCapability;
import io.sparkfederated.query.RemoteColumn;

/**
 * The pieces of one engine's SQL that rules put together: literals, column values, the form a value
 * takes to be compared, and the types computed values are read as. Implemented by each engine.
 */
public interface EngineSql {

    /** A string literal of this engine (for fixed text such as LIKE patterns and messages). */
    String quoteStringLiteral(String text);

    /** A Spark value (in Spark's internal representation) as a literal, or empty where none is exact. */
    Optional<SqlValue> literal(Object value, DataType type);

    /** A column as its value is read: with the cast (or function) its mapping asks for. */
    String columnValue(RemoteColumn column);

    /** The value as an operand of a comparison, sort, grouping, min or max (e.g. with a collation). */
    String comparand(SqlValue value);

    /** The value on the right of a comparison operator: parenthesised unless the engine's values need none. */
    default String rightOperand(SqlValue value) {
        return "(" + value.sql() + ")";
    }

    /**
     * A sort key in the order Spark asks for, given the key as a comparand. Standard SQL's form; an
     * engine without {@code NULLS FIRST}/{@code NULLS LAST} writes the NULL order out otherwise.
     */
    default String sortKey(String comparand, boolean ascending, boolean nullsFirst) {
        return comparand + (ascending ? " ASC" : " DESC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }

    /** What the engine evaluates as Spark does on a computed value (an operator's or function's result) of this type. */
    Set<ColumnCapability> computedCapabilities(DataType type);

    /**
     * The remote type a computed grouping key of this Spark type is cast to and read from, named by
     * the alias; empty where the engine groups only by columns.
     */
    Optional<RemoteColumn> computedColumn(String alias, DataType type);
}
