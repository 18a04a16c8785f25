package io.sparkfederated.connector.mysql;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A split's query as a server-side prepared statement, whatever the session's {@code useServerPrepStmts}:
 * its rows then come in MySQL's binary protocol (integers and doubles as fixed-width values, not text
 * to parse). Connector/J's own method, reached by reflection: the connector compiles without the driver,
 * which the bundle leaves out.
 */
final class MySqlBinaryRows {

    private MySqlBinaryRows() {
    }

    /** A forward-only, read-only, streamed statement for {@code sql}. */
    static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement;
        try {
            Class<?> mysql = Class.forName("com.mysql.cj.jdbc.JdbcConnection");
            statement = (PreparedStatement) mysql.getMethod("serverPrepareStatement", String.class, int.class, int.class)
                    .invoke(connection.unwrap(mysql), sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new IllegalStateException("Connector/J could not prepare a statement", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("not MySQL Connector/J 8 or later: " + e, e);
        }
        statement.setFetchSize(Integer.MIN_VALUE); // Connector/J's streaming mode
        return statement;
    }
}
