package io.sparkfederated.testengine;

import java.util.List;
import java.util.function.Consumer;

import io.sparkfederated.config.OptionSpec;
import io.sparkfederated.config.OptionValues;
import io.sparkfederated.connector.EngineProvider;
import io.sparkfederated.connector.Engines;
import io.sparkfederated.connector.SourceConnector;

/**
 * A test-only engine, plugged in through its own service file (src/test/engine-resources): the
 * sandbox PostgreSQL under another name, DDL keyword, default port and eskind, with an option of its own.
 */
public final class PgTestProvider implements EngineProvider {

    static final OptionSpec GREETING = OptionSpec.choice("pgtest_greeting", "hello", List.of("hello", "hi", "bad"),
            "a test engine's own option");

    @Override
    public String name() {
        return "pgtest";
    }

    @Override
    public List<String> aliases() {
        return List.of("pg-test");
    }

    @Override
    public String ddlKeyword() {
        return "PGTEST";
    }

    @Override
    public String displayName() {
        return "PostgreSQL under test";
    }

    @Override
    public int defaultPort() {
        return 6543;
    }

    @Override
    public int redshiftKind() {
        return 42;
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(GREETING);
    }

    @Override
    public void checkOptions(OptionValues values, Consumer<String> problems) {
        if (values.get(GREETING).equals("bad")) {
            problems.accept("pgtest_greeting=bad is refused by the engine's own check");
        }
    }

    @Override
    public SourceConnector connector() {
        return Engines.named("postgres").connector();
    }
}
