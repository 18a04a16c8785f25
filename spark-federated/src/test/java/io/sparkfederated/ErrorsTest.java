package io.sparkfederated;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sparkfederated.sandbox.PostgresServer;

/** Bad input gets a clear error that names what to fix, and never hangs. */
class ErrorsTest {

    private static final AtomicInteger CATALOGS = new AtomicInteger();
    private static SparkSession spark;
    private static PostgresServer pg;

    @BeforeAll
    static void setUp() {
        spark = TestEnv.spark();
        pg = TestEnv.postgres();
    }

    /** Defines a new catalog with one external schema 's' and returns the catalog's name. */
    private static String catalogWith(Map<String, String> overrides) {
        return TestEnv.defineCatalog("errcat" + CATALOGS.incrementAndGet(), pg, TestEnv.MAIN_DB, overrides);
    }

    private static String failure(String sql) {
        String messages = TestEnv.failureMessages(() -> spark.sql(sql).collect());
        assertThat(messages).doesNotContain(pg.password());
        return messages;
    }

    @Test
    void wrongPasswordSaysWhichSchemaAndUser() {
        String c = catalogWith(Map.of("password", "definitely-wrong-password"));
        assertThat(failure("SHOW TABLES IN " + c + ".s"))
                .contains("external schema 's'").contains("password authentication failed for user 'postgres'")
                .contains("check the 'user' and 'password' options").doesNotContain("definitely-wrong-password");
    }

    @Test
    void unknownDatabaseSaysSo() {
        String c = catalogWith(Map.of("database", "no_such_db"));
        assertThat(failure("SHOW TABLES IN " + c + ".s")).contains("database 'no_such_db' does not exist");
    }

    @Test
    void unknownRemoteSchemaSaysSo() {
        String c = catalogWith(Map.of("schema", "no_such_schema"));
        assertThat(failure("SHOW TABLES IN " + c + ".s")).contains("schema 'no_such_schema' does not exist in database");
    }

    @Test
    void closedPortFailsFastNamingHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String c = catalogWith(Map.of("port", Integer.toString(port)));
        assertThat(failure("SHOW TABLES IN " + c + ".s")).contains("cannot connect to 127.0.0.1:" + port)
                .contains("check 'uri' and 'port'");
    }

    @Test
    void unreachableHostIsBoundedByTheConnectTimeout() {
        // 192.0.2.0/24 is TEST-NET-1: never routed, so packets vanish (or the route is refused at once).
        String c = catalogWith(Map.of("uri", "192.0.2.1", "connect_timeout", "2"));
        Instant start = Instant.now();
        assertThat(failure("SHOW TABLES IN " + c + ".s")).contains("cannot connect to 192.0.2.1:");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void missingPrivilegesSayWhatToGrant() {
        pg.execute(TestEnv.MAIN_DB,
                "DROP TABLE IF EXISTS secret_stuff",
                "CREATE TABLE secret_stuff (x int)",
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'limited') THEN"
                        + " CREATE ROLE limited LOGIN PASSWORD 'limited-pw'; END IF; END $$",
                "REVOKE ALL ON secret_stuff FROM PUBLIC");
        String c = catalogWith(Map.of("user", "limited", "password", "limited-pw"));
        assertThat(failure("SELECT * FROM " + c + ".s.secret_stuff"))
                .contains("permission denied").contains("grant user 'limited'");
    }

    @Test
    void unknownAndReservedOptionsAndEnginesAreRejected() {
        assertThat(failure("SHOW TABLES IN " + catalogWith(Map.of("colour", "blue")) + ".s"))
                .contains("external schema 's': unknown option 'colour'");
        assertThat(failure("SHOW TABLES IN " + catalogWith(Map.of("secret_arn", "arn:aws:secretsmanager:x")) + ".s"))
                .contains("set either 'secret_arn' or 'user'/'password', not both");
        assertThat(failure("SHOW TABLES IN " + catalogWith(Map.of("sslmode", "maybe")) + ".s"))
                .contains("option 'sslmode' must be one of [allow, disable, prefer, require, verify-ca, verify-full]");
        assertThat(failure("SHOW TABLES IN " + catalogWith(Map.of("engine", "mysql")) + ".s"))
                .contains("engine 'mysql' takes no 'schema' option: the MySQL database is the schema");
        assertThat(failure("SHOW TABLES IN " + catalogWith(Map.of("engine", "oracle")) + ".s"))
                .contains("unknown engine 'oracle'");
        assertThat(failure("SHOW TABLES IN " + catalogWith(Map.of("uri", "postgres://host/db")) + ".s"))
                .contains("'uri' must be a host name");
        assertThat(failure("SHOW TABLES IN " + catalogWith(Map.of("port", "abc")) + ".s"))
                .contains("option 'port' must be a positive integer");
    }

    @Test
    void aSchemaWithBadOptionsBreaksOnlyItselfAndReportsAllItsProblems() {
        String c = catalogWith(Map.of());
        Map.of("engine", "postgres", "uri", "127.0.0.1", "database", "d", "user", "u", "split_size_mb", "abc",
                "sslmod", "require").forEach((k, v) -> spark.conf().set("spark.sql.catalog." + c + ".schemas.typo2." + k, v));
        assertThat(spark.sql("SHOW NAMESPACES IN " + c).collectAsList()).extracting(r -> r.getString(0))
                .contains("s", "typo2", "information_schema");
        assertThat(spark.sql("SELECT count(*) FROM " + c + ".s.orders").first().getLong(0)).isEqualTo(4);
        assertThat(spark.sql("SELECT schema_name FROM " + c + ".information_schema.schemata").collectAsList())
                .extracting(r -> r.getString(0)).contains("s", "typo2");
        assertThat(spark.sql("SELECT table_name FROM " + c + ".information_schema.tables WHERE table_schema = 's'")
                .collectAsList()).extracting(r -> r.getString(0)).contains("orders");
        String problems = "external schema 'typo2' has 2 problems: (1) unknown option 'sslmod' (did you mean 'sslmode'?);"
                + " (2) option 'split_size_mb' must be a positive integer, got 'abc'";
        assertThat(failure("SHOW TABLES IN " + c + ".typo2")).contains(problems);
        assertThat(failure("SELECT * FROM " + c + ".typo2.orders")).contains(problems);
    }

    @Test
    void aMisspeltDefaultFailsTheSchemasWhenUsedButNeverShowNamespaces() {
        String c = catalogWith(Map.of());
        spark.conf().set("spark.sql.catalog." + c + ".defaults.sslmod", "verify-full");
        assertThat(spark.sql("SHOW NAMESPACES IN " + c).collectAsList()).extracting(r -> r.getString(0)).contains("s");
        assertThat(failure("SELECT * FROM " + c + ".s.orders")).contains("external schema 's': catalog option 'spark.sql.catalog."
                + c + ".defaults.sslmod': unknown option 'sslmod' (did you mean 'sslmode'?)");
    }
}
