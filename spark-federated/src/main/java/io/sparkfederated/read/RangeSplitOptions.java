package io.sparkfederated.read;

import java.util.List;
import java.util.Map;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.config.OptionSpec;
import io.sparkfederated.query.ColumnPartitioning;

/**
 * A read's value-range split options (Spark JDBC's names): {@code partitionColumn},
 * {@code lowerBound}, {@code upperBound}, {@code numPartitions} — all four or none. Bounds are
 * integers or dates ({@code yyyy-MM-dd}).
 */
final class RangeSplitOptions {

    private static final OptionSpec NUM_PARTITIONS = OptionSpec.positiveInt(FederatedOptions.NUM_PARTITIONS, 1, "");

    private RangeSplitOptions() {
    }

    /** The splits asked for, or null when none are. */
    static ColumnPartitioning parse(Map<String, String> readOptions, String where) {
        Map<String, String> opts = FederatedOptions.lowerCaseKeys(readOptions);
        List<String> names = List.of(FederatedOptions.PARTITION_COLUMN, FederatedOptions.LOWER_BOUND,
                FederatedOptions.UPPER_BOUND, FederatedOptions.NUM_PARTITIONS);
        long given = names.stream().filter(opts::containsKey).count();
        if (given == 0) {
            return null;
        }
        if (given < names.size()) {
            throw problem(where, "options partitionColumn, lowerBound, upperBound and numPartitions go together; set all four");
        }
        long lower = bound(opts.get(FederatedOptions.LOWER_BOUND), "lowerBound", where);
        long upper = bound(opts.get(FederatedOptions.UPPER_BOUND), "upperBound", where);
        if (lower >= upper) {
            throw problem(where, "lowerBound must be below upperBound");
        }
        int count;
        try {
            count = Integer.parseInt(NUM_PARTITIONS.check(opts.get(FederatedOptions.NUM_PARTITIONS)));
        } catch (IllegalArgumentException e) {
            throw problem(where, e.getMessage());
        }
        return new ColumnPartitioning(opts.get(FederatedOptions.PARTITION_COLUMN), lower, upper, count);
    }

    private static long bound(String value, String name, String where) {
        String v = value.trim();
        try {
            return v.matches("-?\\d+") ? Long.parseLong(v) : java.time.LocalDate.parse(v).toEpochDay();
        } catch (RuntimeException e) {
            throw problem(where, "option '" + name + "' must be an integer or a date (yyyy-MM-dd), got '" + value + "'");
        }
    }

    private static FederatedException problem(String where, String text) {
        return new FederatedException(where + ": " + text);
    }
}
