package io.sparkfederated.util;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A small thread-safe cache whose entries expire a fixed time after they were loaded. A TTL of zero
 * disables caching (every lookup loads); a null value (e.g. "not found") is never cached.
 */
public final class TtlCache<K, V> {

    private record Entry<V>(V value, long loadedAtNanos) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    /** The value for the key, loaded if absent or older than {@code ttlSeconds}. */
    public V get(K key, long ttlSeconds, Supplier<V> loader) {
        if (ttlSeconds <= 0) {
            return loader.get();
        }
        long now = System.nanoTime();
        Entry<V> entry = entries.get(key);
        if (entry != null && now - entry.loadedAtNanos() < ttlSeconds * 1_000_000_000L) {
            return entry.value();
        }
        V value = loader.get();
        if (value != null) {
            entries.put(key, new Entry<>(value, now));
        }
        return value;
    }

    public void invalidateIf(Predicate<K> which) {
        entries.keySet().removeIf(which);
    }

    public void invalidateAll() {
        entries.clear();
    }
}
