package io.sparkfederated.connector;

import java.util.List;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;

/** The one rule for finding a remote relation by the name Spark was given. */
public final class RelationNames {

    private RelationNames() {
    }

    /**
     * Of the relations whose names equal {@code name} ignoring case ({@code candidates[1]} is the
     * name), the exact match, else the only one; null when there is none; an error when several
     * differ only in case.
     */
    public static String[] choose(ExternalSchema schema, String remoteSchema, String name, List<String[]> candidates) {
        for (String[] c : candidates) {
            if (c[1].equals(name)) {
                return c;
            }
        }
        if (candidates.size() > 1) {
            List<String> names = candidates.stream().map(c -> c[1]).toList();
            throw new FederatedException(schema.describe() + ": table name '" + name + "' matches " + names + " in remote schema '"
                    + remoteSchema + "', which differ only in case; write the exact name in backticks");
        }
        return candidates.isEmpty() ? null : candidates.get(0);
    }
}
