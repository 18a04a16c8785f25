package io.sparkfederated.read;

import java.util.Optional;
import java.util.function.Supplier;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.query.RemoteEstimate;
import io.sparkfederated.util.TtlCache;

/**
 * The remote planner's estimates, by database and SQL, reused for the external schema's
 * {@code metadata_cache_ttl}. Owned by whoever hands out tables (a catalog, which forgets them on
 * REFRESH TABLE; the data source).
 */
public final class EstimateCache {

    private final TtlCache<String, Optional<RemoteEstimate>> estimates = new TtlCache<>();

    Optional<RemoteEstimate> get(ExternalSchema schema, String sql, Supplier<Optional<RemoteEstimate>> loader) {
        return estimates.get(schema.connectionKey() + "\n" + sql, schema.metadataCacheTtlSeconds(), loader);
    }

    /** Forgets every estimate. */
    public void invalidateAll() {
        estimates.invalidateAll();
    }
}
