package io.sparkfederated.connector.mysql;

import java.util.List;

import io.sparkfederated.config.OptionSpec;
import io.sparkfederated.connector.EngineProvider;
import io.sparkfederated.connector.SourceConnector;

/**
 * MySQL 8.0+ (RDS, Aurora MySQL 3) and MariaDB 10.6+: {@code engine=mysql}, {@code FROM MYSQL}, port 3306;
 * the database is the schema ({@link MySqlConnector}).
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

    /** {@code tinyint1_as_boolean} and {@code zero_dates} ({@link MySqlReadOptions}). */
    @Override
    public List<OptionSpec> options() {
        return MySqlReadOptions.ALL;
    }

    @Override
    public SourceConnector connector() {
        return MySqlConnector.INSTANCE;
    }
}
