package io.sparkfederated.connector.postgres;

import java.util.List;
import java.util.Map;

import io.sparkfederated.config.CommonOptions;
import io.sparkfederated.config.OptionSpec;
import io.sparkfederated.connector.EngineProvider;
import io.sparkfederated.connector.SourceConnector;

/** PostgreSQL (RDS, Aurora PostgreSQL): {@code engine=postgres}, {@code FROM POSTGRES}. */
public final class PostgresProvider implements EngineProvider {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public List<String> aliases() {
        return List.of("postgresql");
    }

    @Override
    public String ddlKeyword() {
        return "POSTGRES";
    }

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public int defaultPort() {
        return 5432;
    }

    @Override
    public int redshiftKind() {
        return 3;
    }

    @Override
    public SourceConnector connector() {
        return PostgresConnector.INSTANCE;
    }

    /** Join keys go as one array literal ({@link PostgresValueSet}), cheap to plan: a runtime filter may carry many. */
    @Override
    public Map<OptionSpec, String> optionDefaults() {
        return Map.of(CommonOptions.RUNTIME_FILTER_MAX_VALUES, String.valueOf(RUNTIME_FILTER_MAX_VALUES));
    }

    /** PostgreSQL's default of {@code runtime_filter_max_values}. */
    static final int RUNTIME_FILTER_MAX_VALUES = 100_000;
}
