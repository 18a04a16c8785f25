package io.sparkfederated.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sparkfederated.FederatedException;

/**
 * The external schemas one catalog knows, by lower-case local name: those defined in Spark conf
 * ({@code schemas.<name>.<option>}) and, when the catalog has a {@code registry} location, those
 * created by {@code CREATE EXTERNAL SCHEMA} and kept there. A name defined in both places is the
 * conf one (with a warning). Catalog-wide {@code defaults.<option>} settings apply to every schema
 * that does not set the option itself.
 */
public final class ExternalSchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalSchemaRegistry.class);

    /** Catalog option: where DDL-created external schemas are kept (a Hadoop FileSystem path). */
    public static final String REGISTRY = "registry";
    /** Catalog option prefix: {@code defaults.<option>} applies to every external schema of the catalog. */
    public static final String DEFAULTS_PREFIX = "defaults.";
    /** Namespaces the catalog itself provides (metadata tables); no external schema may take these names. */
    public static final Set<String> RESERVED_NAMES = MetadataView.metadataNamespaces();
    /** Stored properties that describe the entry rather than the connection. */
    static final String OWNER = "owner";
    static final String COMMENT = "comment";
    /** What defaults may set: everything except what identifies the database and the login. */
    private static final Set<String> NOT_DEFAULTABLE = Set.of(FederatedOptions.ENGINE, FederatedOptions.URI,
            FederatedOptions.PORT, FederatedOptions.DATABASE, FederatedOptions.SCHEMA, FederatedOptions.USER,
            FederatedOptions.PASSWORD, FederatedOptions.SECRET_ARN, FederatedOptions.IAM_ROLE);
    /** How long a read of the registry location is reused before lookups read it again. */
    private static final long REFRESH_NANOS = 10_000_000_000L;

    /** One external schema and where it was defined. */
    public record Entry(ExternalSchema schema, String owner, String comment, boolean fromConf) {
    }

    private final String catalogName;
    private final Map<String, String> defaults;
    private final Map<String, Entry> confSchemas;
    private final SchemaStore store;
    private volatile Map<String, Entry> stored = Map.of();
    private volatile long storedReadAt;
    private volatile boolean storedEverRead;
    private final Set<String> warnedClashes = Collections.synchronizedSet(new TreeSet<>());

    private ExternalSchemaRegistry(String catalogName, Map<String, String> defaults, Map<String, Entry> confSchemas,
                                   SchemaStore store) {
        this.catalogName = catalogName;
        this.defaults = defaults;
        this.confSchemas = Collections.unmodifiableMap(confSchemas);
        this.store = store;
    }

    /**
     * Reads a catalog's options: {@code schemas.<name>.<option>}, {@code defaults.<option>} and
     * {@code registry}. The Hadoop configuration is only asked for when a registry is set.
     */
    public static ExternalSchemaRegistry open(String catalogName, Map<String, String> catalogOptions,
                                              Supplier<Configuration> hadoopConf) {
        Map<String, String> defaults = defaults(catalogName, catalogOptions);
        Map<String, Entry> schemas = new java.util.TreeMap<>();
        FederatedOptions.groupSchemaOptions(catalogOptions).forEach((name, options) -> {
            if (RESERVED_NAMES.contains(name)) {
                throw reservedName(name);
            }
            schemas.put(name, new Entry(FederatedOptions.parse(name, withDefaults(defaults, options), Set.of()), null, null, true));
        });
        String location = catalogOptions.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(REGISTRY)).map(Map.Entry::getValue)
                .filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
        SchemaStore store = location == null ? null : new SchemaStore(location.trim(), hadoopConf.get());
        return new ExternalSchemaRegistry(catalogName, defaults, schemas, store);
    }

    /** Looks up a schema case-insensitively, as Redshift folds unquoted schema names. */
    public Optional<ExternalSchema> find(String name) {
        return entry(name).map(Entry::schema);
    }

    public Optional<Entry> entry(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Entry conf = confSchemas.get(key);
        if (conf != null) {
            return Optional.of(conf);
        }
        Entry found = stored(false).get(key);
        if (found == null && store != null) {
            found = stored(true).get(key); // created by another session since the last read
        }
        return Optional.ofNullable(found);
    }

    /** Every schema: conf-defined ones first, then those created by DDL, each in name order. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>(confSchemas.values());
        stored(store != null).forEach((name, entry) -> {
            if (!confSchemas.containsKey(name)) {
                all.add(entry);
            }
        });
        return all;
    }

    /** Where DDL-created schemas are kept, or null when the catalog has no registry. */
    public String location() {
        return store == null ? null : store.location();
    }

    /**
     * Validates and stores a new external schema. {@code properties} are option names and values
     * plus, optionally, {@code owner} and {@code comment}. Returns false when the name is taken.
     */
    public boolean create(String name, Map<String, String> properties) {
        String key = name.toLowerCase(Locale.ROOT);
        if (RESERVED_NAMES.contains(key)) {
            throw reservedName(key);
        }
        Map<String, String> props = FederatedOptions.lowerCaseKeys(properties);
        if (props.containsKey(FederatedOptions.PASSWORD)) {
            throw new FederatedException("external schema '" + key + "': a password cannot be stored in the registry;"
                    + " put the login in AWS Secrets Manager and use SECRET_ARN (option 'secret_arn')");
        }
        if (store == null) {
            throw new FederatedException("catalog '" + catalogName + "' has no registry to keep external schemas created"
                    + " by DDL: set spark.sql.catalog." + catalogName + ".registry to a directory (local path, hdfs:// or"
                    + " s3a://), or define the schema with spark.sql.catalog." + catalogName + ".schemas." + key + ".<option>");
        }
        toEntry(key, props); // validates before anything is written
        if (confSchemas.containsKey(key) || !store.create(key, props)) {
            return false;
        }
        storedReadAt = 0;
        return true;
    }

    /**
     * Drops external schemas created by DDL: all of them or, when one is unknown and not
     * {@code ifExists}, none. Conf-defined schemas cannot be dropped this way. Returns the names dropped.
     */
    public List<String> drop(List<String> names, boolean ifExists) {
        List<String> keys = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        Map<String, Entry> current = stored(true);
        for (String key : keys) {
            if (current.containsKey(key)) {
                continue;
            }
            if (confSchemas.containsKey(key)) {
                throw new FederatedException("external schema '" + key + "' is defined in Spark conf"
                        + " (spark.sql.catalog." + catalogName + ".schemas." + key + ".*); remove those settings to drop it");
            }
            if (RESERVED_NAMES.contains(key)) {
                throw reservedName(key);
            }
            if (!ifExists) {
                throw new FederatedException("external schema '" + key + "' does not exist in catalog '" + catalogName
                        + "'; nothing was dropped (use DROP SCHEMA IF EXISTS to skip missing schemas)");
            }
        }
        List<String> dropped = new ArrayList<>();
        for (String key : keys) {
            if (current.containsKey(key) && store.delete(key)) {
                dropped.add(key);
                if (confSchemas.containsKey(key)) {
                    LOG.warn("Dropped external schema '{}' from the registry of catalog '{}'; the definition in Spark conf"
                            + " (spark.sql.catalog.{}.schemas.{}.*) remains in effect", key, catalogName, catalogName, key);
                }
            }
        }
        storedReadAt = 0;
        return dropped;
    }

    private Map<String, Entry> stored(boolean fresh) {
        if (store == null) {
            return Map.of();
        }
        long now = System.nanoTime();
        if (fresh || !storedEverRead || now - storedReadAt > REFRESH_NANOS) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            store.readAll().forEach((name, props) -> {
                try {
                    entries.put(name, toEntry(name, props));
                } catch (FederatedException e) {
                    LOG.warn("Skipping external schema '{}' of the registry at {}: {}", name, store.location(), e.getMessage());
                }
                if (confSchemas.containsKey(name) && warnedClashes.add(name)) {
                    LOG.warn("External schema '{}' is defined both in Spark conf and in the registry at {}; the conf"
                            + " definition is used", name, store.location());
                }
            });
            stored = Collections.unmodifiableMap(entries);
            storedReadAt = now;
            storedEverRead = true;
        }
        return stored;
    }

    private Entry toEntry(String name, Map<String, String> props) {
        Map<String, String> options = new LinkedHashMap<>(props);
        String owner = options.remove(OWNER);
        String comment = options.remove(COMMENT);
        return new Entry(FederatedOptions.parse(name, withDefaults(defaults, options), Set.of()), owner, comment, false);
    }

    private static Map<String, String> defaults(String catalogName, Map<String, String> catalogOptions) {
        Map<String, String> defaults = new LinkedHashMap<>();
        catalogOptions.forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).startsWith(DEFAULTS_PREFIX)) {
                String option = k.substring(DEFAULTS_PREFIX.length()).toLowerCase(Locale.ROOT);
                if (NOT_DEFAULTABLE.contains(option) || !FederatedOptions.SCHEMA_OPTIONS.contains(option)) {
                    throw new FederatedException("catalog option 'spark.sql.catalog." + catalogName + "." + k + "': '"
                            + option + "' cannot be a catalog-wide default; defaults may set "
                            + new TreeSet<>(FederatedOptions.SCHEMA_OPTIONS.stream().filter(o -> !NOT_DEFAULTABLE.contains(o)).toList()));
                }
                defaults.put(option, v);
            }
        });
        return defaults;
    }

    private static Map<String, String> withDefaults(Map<String, String> defaults, Map<String, String> options) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        FederatedOptions.lowerCaseKeys(options).forEach(merged::put);
        return merged;
    }

    private static FederatedException reservedName(String name) {
        return new FederatedException("'" + name + "' cannot be the name of an external schema: the catalog uses it for"
                + " its metadata tables; choose another name");
    }
}
