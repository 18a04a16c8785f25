package io.sparkfederated.connector.postgres;

import java.util.List;

/**
 * One split of a PostgreSQL scan: one or more relations (a table, or leaf partitions), each read
 * whole or by a range of heap pages; the parts are read one after another (UNION ALL).
 */
record PgSplit(List<Part> parts) {

    /**
     * @param schema    schema of the relation
     * @param name      relation name
     * @param fromPage  first page (inclusive), or -1 for the relation's start
     * @param toPage    end page (exclusive), or -1 for the relation's end
     */
    record Part(String schema, String name, long fromPage, long toPage) {

        static Part whole(String schema, String name) {
            return new Part(schema, name, -1, -1);
        }
    }
}
