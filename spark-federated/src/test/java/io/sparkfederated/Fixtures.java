package io.sparkfederated;

import io.sparkfederated.sandbox.PostgresServer;

/** The rows every integration test reads, created once in the sandbox. */
final class Fixtures {

    private Fixtures() {
    }

    static void load(PostgresServer pg) {
        pg.execute(TestEnv.MAIN_DB,
                "CREATE EXTENSION citext",
                "CREATE EXTENSION file_fdw",
                "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE DOMAIN positive_amount AS numeric(10,2) CHECK (VALUE > 0)",
                "CREATE DOMAIN short_code AS varchar(8)",
                // orders: a plain table with a primary key, NOT NULL and nullable columns
                """
                CREATE TABLE orders (
                  id bigint PRIMARY KEY,
                  customer_id int NOT NULL,
                  amount numeric(12,2),
                  status text NOT NULL,
                  ordered_at timestamp)""",
                """
                INSERT INTO orders VALUES
                  (1, 10, 120.50, 'shipped', '2024-01-05 10:00:00'),
                  (2, 11, 99.99, 'open', '2024-02-01 08:30:00'),
                  (3, 10, NULL, 'cancelled', NULL),
                  (4, 12, 5000.00, 'shipped', '2024-03-10 23:59:59.999999')""",
                "CREATE VIEW open_orders AS SELECT id, amount FROM orders WHERE status = 'open'",
                "CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id",
                "CREATE SERVER files FOREIGN DATA WRAPPER file_fdw",
                "CREATE FOREIGN TABLE imported (line text) SERVER files OPTIONS (filename '/dev/null')",
                "CREATE TABLE events (id int, region text) PARTITION BY LIST (region)",
                "CREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('eu')",
                "CREATE TABLE events_us PARTITION OF events FOR VALUES IN ('us')",
                "INSERT INTO events VALUES (1, 'eu'), (2, 'us'), (3, 'eu')",
                // tricky identifiers in a schema whose name has a space, mixed case and a dot
                "CREATE SCHEMA \"Mixed Case.Schema\"",
                """
                CREATE TABLE "Mixed Case.Schema"."Ölçü ""Tab"".v1" (
                  "Id" int, "col with space" text, "quote""d" text, "dot.ted" int, "ünïcödé" text, "lower" int)""",
                """
                INSERT INTO "Mixed Case.Schema"."Ölçü ""Tab"".v1" VALUES (1, 'a b', 'q"d', 7, 'ßü', 42)""",
                "CREATE TABLE \"Mixed Case.Schema\".\"CamelCase\" (x int)",
                "INSERT INTO \"Mixed Case.Schema\".\"CamelCase\" VALUES (5)",
                "CREATE TABLE \"Mixed Case.Schema\".twin (x int)",
                "CREATE TABLE \"Mixed Case.Schema\".\"TWIN\" (x int)",
                "INSERT INTO \"Mixed Case.Schema\".twin VALUES (1)",
                "INSERT INTO \"Mixed Case.Schema\".\"TWIN\" VALUES (2)",
                "CREATE SEQUENCE ticket_seq");
        pg.execute(TestEnv.CRM_DB,
                "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, country char(2))",
                "INSERT INTO customers VALUES (10, 'Ada', 'GB'), (11, 'Grace', 'US'), (12, 'Linus', 'FI'), (13, 'Nobody', NULL)");
    }
}
