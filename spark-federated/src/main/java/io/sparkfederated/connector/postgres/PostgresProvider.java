package io.sparkfederated.connector.postgres;

import java.util.List;

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
}
