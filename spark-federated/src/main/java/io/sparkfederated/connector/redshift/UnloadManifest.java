package io.sparkfederated.connector.redshift;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sparkfederated.FederatedException;

/**
 * The manifest an {@code UNLOAD … MANIFEST VERBOSE} writes: each file's URL, size and row count, and
 * the totals. {@link #check} compares it with the row count Redshift reported for the UNLOAD, so an
 * unload that stopped short (a cancelled query, a lost file) fails instead of yielding fewer rows.
 */
record UnloadManifest(List<Entry> entries, long totalRows) {

    /** One data file: its {@code s3://} URL, bytes and rows (-1 when the manifest does not say). */
    record Entry(String url, long bytes, long rows) {
    }

    static UnloadManifest parse(InputStream json, String where) {
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            List<Entry> entries = new ArrayList<>();
            for (JsonNode e : root.path("entries")) {
                entries.add(new Entry(e.path("url").asText(), e.path("meta").path("content_length").asLong(-1),
                        e.path("meta").path("record_count").asLong(-1)));
            }
            return new UnloadManifest(entries, root.path("meta").path("record_count").asLong(-1));
        } catch (IOException e) {
            throw new FederatedException(where + ": cannot read the UNLOAD manifest: " + e.getMessage(), e);
        }
    }

    /** Fails unless every file has a row count and they add up to what Redshift reported. */
    void check(long reportedRows, String where) {
        long listed = 0;
        for (Entry e : entries) {
            if (e.rows() < 0) {
                throw new FederatedException(where + ": the UNLOAD manifest gives no record_count for " + e.url()
                        + " (was it written with MANIFEST VERBOSE?)");
            }
            listed += e.rows();
        }
        if (listed != reportedRows || (totalRows >= 0 && totalRows != reportedRows)) {
            throw new FederatedException(where + ": incomplete UNLOAD: Redshift reported " + reportedRows
                    + " rows unloaded but the manifest lists " + listed + " rows in " + entries.size() + " files"
                    + (totalRows >= 0 ? " (total " + totalRows + ")" : "") + "; nothing was read, and the files were deleted");
        }
    }
}
