package io.sparkfederated.query;

/** The joins the connector runs remotely, with their SQL keywords (Spark's own join types exist from 4.1 only). */
public enum JoinKind {
    INNER("INNER JOIN"),
    LEFT_OUTER("LEFT JOIN"),
    RIGHT_OUTER("RIGHT JOIN");

    private final String sql;

    JoinKind(String sql) {
        this.sql = sql;
    }

    /** The keywords between the two sides: {@code INNER JOIN}, {@code LEFT JOIN}, {@code RIGHT JOIN}. */
    public String sql() {
        return sql;
    }
}
