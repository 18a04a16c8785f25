package io.sparkfederated.mysql;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import io.sparkfederated.FederatedCatalog;
import io.sparkfederated.TestEnv;
import io.sparkfederated.sandbox.MariaDbServer;

/** The sandbox MariaDB and catalogs on it, in the test JVM's one Spark session. */
final class MySqlTestEnv {

    private MySqlTestEnv() {
    }

    static MariaDbServer server() {
        return MariaDbServer.shared();
    }

    static SparkSession spark() {
        return TestEnv.spark();
    }

    /** A catalog {@code name} with one external schema {@code s} on {@code database} (as root), plus extra options. */
    static String defineCatalog(String name, String database, Map<String, String> extra) {
        Map<String, String> options = new LinkedHashMap<>(server().externalSchemaOptions(database));
        options.putAll(extra);
        SparkSession session = spark();
        session.conf().set("spark.sql.catalog." + name, FederatedCatalog.class.getName());
        options.forEach((k, v) -> session.conf().set("spark.sql.catalog." + name + ".schemas.s." + k, v));
        return name;
    }
}
