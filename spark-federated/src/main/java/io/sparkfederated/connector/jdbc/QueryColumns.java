package io.sparkfederated.connector.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;

/** The rule for the columns of a 'query' option: Spark needs one distinct name per column. */
public final class QueryColumns {

    private QueryColumns() {
    }

    /** The result's column labels, in order; fails, naming the alias to add, when two are the same. */
    public static List<String> distinctLabels(ExternalSchema schema, ResultSetMetaData md) throws SQLException {
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i);
            if (!seen.add(name)) {
                throw new FederatedException(schema.describe() + ": the query returns more than one column named '"
                        + name + "'; give each column a distinct alias");
            }
            labels.add(name);
        }
        return labels;
    }
}
