package io.sparkfederated.connector.postgres;

import java.util.Optional;

import org.apache.spark.sql.types.DataTypes;

import io.sparkfederated.pushdown.RuleCompiler;
import io.sparkfederated.pushdown.SqlValue;

/**
 * A timestamptz as the wall-clock timestamp Spark sees in the session time zone, only for a zone of
 * one fixed offset (UTC, +05:30, …; written as that offset, not a name PostgreSQL might not know).
 * Zones with daylight saving and a history stay in Spark: PostgreSQL's time zone database may differ
 * from the JVM's, and the same instant would then fall on another day or hour.
 */
final class PostgresWallClock {

    private PostgresWallClock() {
    }

    static Optional<SqlValue> of(SqlValue timestamptz, RuleCompiler compiler) {
        return compiler.context().fixedOffset().map(offset -> compiler.computed("((" + timestamptz.sql()
                + ") AT TIME ZONE INTERVAL '" + offset.getTotalSeconds() + " seconds')", DataTypes.TimestampNTZType));
    }
}
