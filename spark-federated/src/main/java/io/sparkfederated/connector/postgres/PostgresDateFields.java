package io.sparkfederated.connector.postgres;

import java.util.Optional;

import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Extract;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;
import io.sparkfederated.pushdown.ValueRule;

/**
 * Date and time fields of dates and timestamps (of a timestamptz in the session time zone, see
 * {@link PostgresWallClock}) as {@code EXTRACT} cast to int. PostgreSQL numbers years BC as -1, -2, …;
 * Spark's proleptic years count 0, -1, …, hence the shift of negative years.
 */
final class PostgresDateFields implements ValueRule {

    @Override
    public Optional<SqlValue> compile(Expression e, RuleCompiler compiler) {
        return e instanceof Extract extract
                ? compiler.value(extract.source()).flatMap(v -> field(extract.field(), v, compiler)) : Optional.empty();
    }

    private static Optional<SqlValue> field(String field, SqlValue source, RuleCompiler compiler) {
        if (source.type() instanceof TimestampType) {
            return PostgresWallClock.of(source, compiler).flatMap(local -> field(field, local, compiler));
        }
        if (!(source.type() instanceof DateType) && !(source.type() instanceof TimestampNTZType)) {
            return Optional.empty();
        }
        String pgField = switch (field) {
            case "YEAR", "MONTH", "DAY", "QUARTER", "WEEK", "HOUR", "MINUTE" -> field;
            case "DAY_OF_YEAR" -> "DOY";
            case "DAY_OF_WEEK" -> "ISODOW";
            case "YEAR_OF_WEEK" -> "ISOYEAR";
            default -> null;
        };
        if (pgField == null || (source.type() instanceof DateType && (field.equals("HOUR") || field.equals("MINUTE")))) {
            return Optional.empty();
        }
        String value = "EXTRACT(" + pgField + " FROM (" + source.sql() + "))";
        if (pgField.endsWith("YEAR")) {
            value = "CASE WHEN " + value + " < 0 THEN " + value + " + 1 ELSE " + value + " END";
        }
        return Optional.of(compiler.computed("CAST(" + value + " AS int4)", DataTypes.IntegerType));
    }
}
