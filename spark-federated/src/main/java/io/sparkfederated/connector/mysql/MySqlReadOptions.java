package io.sparkfederated.connector.mysql;

import java.util.List;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.OptionSpec;
import io.sparkfederated.config.OptionValues;

/**
 * MySQL's own options: how TINYINT(1) and zero dates are read. They shape a table's Spark schema, so
 * they are the external schema's (not per read).
 *
 * @param tinyint1AsBoolean TINYINT(1) as BOOLEAN (else as the number it holds)
 * @param failOnZeroDates   a zero or partly-zero date fails the query (else it is NULL)
 */
record MySqlReadOptions(boolean tinyint1AsBoolean, boolean failOnZeroDates) {

    static final OptionSpec TINYINT1_AS_BOOLEAN = OptionSpec.bool("tinyint1_as_boolean", true,
            "MySQL: read TINYINT(1) as boolean (any non-zero value is true); false reads it as smallint");
    static final OptionSpec ZERO_DATES = OptionSpec.choice("zero_dates", "null", List.of("null", "fail"),
            "MySQL: zero and partly-zero dates read as NULL, or fail the query naming the column");
    static final List<OptionSpec> ALL = List.of(TINYINT1_AS_BOOLEAN, ZERO_DATES);

    /** Redshift's reading: TINYINT(1) is BOOLEAN, zero dates are NULL. */
    static final MySqlReadOptions DEFAULTS = new MySqlReadOptions(true, false);

    static MySqlReadOptions of(ExternalSchema schema) {
        return of(schema.tuning());
    }

    static MySqlReadOptions of(OptionValues values) {
        return new MySqlReadOptions(values.bool(TINYINT1_AS_BOOLEAN), values.get(ZERO_DATES).equals("fail"));
    }
}
