package io.sparkfederated.connector.mysql;

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

    @Override
    public SourceConnector connector() {
        return MySqlConnector.INSTANCE;
    }
}
