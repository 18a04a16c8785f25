package io.sparkfederated.config;

import java.util.List;
import java.util.function.Consumer;

/** Engines described for pure tests of options and DDL: no connector, no server. */
public final class TestEngines {

    /** Holds schemas, default port 5432. */
    public static final EngineInfo ALPHA = engine("alpha", "ALPHA", 5432, false, List.of());
    /** The database is the schema; default port 3306. */
    public static final EngineInfo BETA = engine("beta", "BETA", 3306, true, List.of());
    /** Has an option of its own, which a single read may set, a rule on it, and its own default of a common option. */
    public static final OptionSpec GAMMA_MODE = OptionSpec.choice("gamma_mode", "fast", List.of("fast", "slow", "never"),
            "gamma's own option").perReadToo();
    public static final EngineInfo GAMMA = new Described("gamma", "GAMMA", 7000, false, List.of(GAMMA_MODE)) {
        @Override
        public void checkOptions(OptionValues values, Consumer<String> problems) {
            if (values.get(GAMMA_MODE).equals("never")) {
                problems.accept("gamma_mode=never is refused");
            }
        }

        @Override
        public java.util.Map<OptionSpec, String> optionDefaults() {
            return java.util.Map.of(CommonOptions.RUNTIME_FILTER_MAX_VALUES, "50000");
        }
    };
    public static final List<EngineInfo> ALL = List.of(ALPHA, BETA, GAMMA);

    private TestEngines() {
    }

    private static EngineInfo engine(String name, String keyword, int port, boolean databaseIsSchema, List<OptionSpec> options) {
        return new Described(name, keyword, port, databaseIsSchema, options);
    }

    private static class Described implements EngineInfo {
        private final String name;
        private final String keyword;
        private final int port;
        private final boolean databaseIsSchema;
        private final List<OptionSpec> options;

        Described(String name, String keyword, int port, boolean databaseIsSchema, List<OptionSpec> options) {
            this.name = name;
            this.keyword = keyword;
            this.port = port;
            this.databaseIsSchema = databaseIsSchema;
            this.options = options;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> aliases() {
            return List.of(name + "db");
        }

        @Override
        public String ddlKeyword() {
            return keyword;
        }

        @Override
        public String displayName() {
            return keyword.charAt(0) + keyword.substring(1).toLowerCase();
        }

        @Override
        public int defaultPort() {
            return port;
        }

        @Override
        public boolean databaseIsSchema() {
            return databaseIsSchema;
        }

        @Override
        public int redshiftKind() {
            return 99;
        }

        @Override
        public List<OptionSpec> options() {
            return options;
        }
    }
}
