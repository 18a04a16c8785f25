package io.sparkfederated.query;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A plain table inside a pushed-down join by whose pages the join may be split: every output row of
 * the join comes from exactly one of its rows (it is not the optional side of an outer join, nor
 * inside one). Its side of the join's SQL carries {@link #marker()} (a condition that is always
 * true) where a split puts its page range.
 */
public record SplitTarget(String schema, String table, String kind) implements Serializable {

    /** {@code TRUE /*split <hex>*}{@code /}: the hex names the table without quoting its name into a comment. */
    public String marker() {
        UUID id = UUID.nameUUIDFromBytes((schema + '\0' + table).getBytes(StandardCharsets.UTF_8));
        return "TRUE /*split " + Long.toHexString(id.getMostSignificantBits()) + Long.toHexString(id.getLeastSignificantBits()) + "*/";
    }
}
