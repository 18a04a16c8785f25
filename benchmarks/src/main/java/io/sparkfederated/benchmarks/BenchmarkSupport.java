package io.sparkfederated.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import io.sparkfederated.FederatedCatalog;
import io.sparkfederated.sandbox.PostgresServer;

/** What every benchmark shares: its Spark session, arguments and statistics. */
final class BenchmarkSupport {

    private BenchmarkSupport() {
    }

    /**
     * A {@code local[2]} Spark session whose catalog {@code fed} has the external schema {@code b} on
     * the given database, plus any further settings.
     */
    static SparkSession spark(String appName, PostgresServer pg, String database, Map<String, String> settings) {
        SparkSession.Builder builder = SparkSession.builder()
                .master("local[2]")
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.catalog.fed", FederatedCatalog.class.getName());
        pg.externalSchemaOptions(database).forEach((k, v) -> builder.config("spark.sql.catalog.fed.schemas.b." + k, v));
        settings.forEach(builder::config);
        return builder.getOrCreate();
    }

    /** The benchmark's PostgreSQL (sandbox, or FEDERATED_TEST_PG_URL) with a new, empty database. */
    static PostgresServer freshDatabase(String database) {
        PostgresServer pg = PostgresServer.shared();
        pg.recreateDatabase(database);
        return pg;
    }

    /** {@code --name value} pairs. */
    static Map<String, String> arguments(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
