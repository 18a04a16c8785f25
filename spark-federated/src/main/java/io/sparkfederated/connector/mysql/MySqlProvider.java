package io.sparkfederated.connector.mysql;

import io.sparkfederated.connector.EngineProvider;
import io.sparkfederated.connector.SourceConnector;

/**
 * MySQL (RDS, Aurora MySQL): {@code engine=mysql}, {@code FROM MYSQL}. External schemas of it are
 * accepted and stored; reading them is not built yet ({@link NotYetReadable}).
 */
public final class MySqlProvider implements EngineProvider {

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String ddlKeyword() {
        return "MYSQL";
    }

    @Override
    public String displayName() {
        return "MySQL";
    }

    @Override
    public int defaultPort() {
        return 3306;
    }

    @Override
    public boolean databaseIsSchema() {
        return true;
    }

    @Override
    public int redshiftKind() {
        return 8;
    }

    @Override
    public SourceConnector connector() {
        return NotYetReadable.INSTANCE;
    }
}
