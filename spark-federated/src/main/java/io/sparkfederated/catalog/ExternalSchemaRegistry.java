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
import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.CommonOptions;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.config.OptionSpec;
import io.sparkfederated.connector.Engines;

/**
 * The external schemas one catalog knows, by lower-case local name: those defined in Spark conf
 * ({@code schemas.<name>.<option>}) and, when the catalog has a {@code registry} location, those
 * created by {@code CREATE EXTERNAL SCHEMA} and kept there. A name defined in both places is the
 * conf one (with a warning). Catalog-wide {@code defaults.<option>} settings apply to every schema
 * that does not set the option itself. A schema whose options (or the catalog's defaults) have
 * problems is still listed, by name; only using it fails, with all its problems in one error.
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
    private static final Set<String> NOT_DEFAULTABLE = CommonOptions.IDENTIFYING.stream().map(OptionSpec::name)
            .collect(java.util.stream.Collectors.toSet());
    /** How long a read of the registry location is reused before lookups read it again. */
    private static final long REFRESH_NANOS = 10_000_000_000L;

    /** The options defaults may set: the common ones and every installed engine's own (each applies to its engine's schemas). */
    private static final List<String> DEFAULTABLE = defaultable();

    private static List<String> defaultable() {
        List<String> names = new java.util.ArrayList<>(CommonOptions.ALL.stream().map(OptionSpec::name)
                .filter(o -> !NOT_DEFAULTABLE.contains(o)).toList());
        Engines.installed().forEach(e -> e.options().forEach(o -> names.add(o.name())));
        return List.copyOf(names);
    }

    /**
     * One external schema and where it was defined. {@code problem} is null, or why the schema
     * cannot be used: then {@link #schema()} throws it, so every use fails and nothing else does.
     */
    public record Entry(String name, ExternalSchema schema, String problem, String owner, String comment, boolean fromConf) {

        static Entry of(ExternalSchema schema, String owner, String comment, boolean fromConf) {
            return new Entry(schema.name(), schema, null, owner, comment, fromConf);
        }

        static Entry broken(String name, String problem, String owner, String comment, boolean fromConf) {
            return new Entry(name, null, problem, owner, comment, fromConf);
        }

        /** The parsed schema; throws the schema's problems when it has any. */
        @Override
        public ExternalSchema schema() {
            if (problem != null) {
                throw new FederatedException(problem);
            }
            return schema;
        }

        public boolean broken() {
            return problem != null;
        }
    }

    private final String catalogName;
    private final Map<String, String> defaults;
    /** Problems of the defaults.* settings: reported by every schema's error (the defaults apply to all). */
    private final List<String> defaultProblems;
    /** Conf-defined schemas' own options (without defaults), by name. */
    private final Map<String, Map<String, String>> confOptions;
    /** Conf-defined schemas parsed without problems; the others are parsed again when used (a secret may be back). */
    private final Map<String, Entry> confSchemas = new java.util.concurrent.ConcurrentHashMap<>();
    private final SchemaStore store;
    private volatile Map<String, Entry> stored = Map.of();
    private volatile long storedReadAt;
    private volatile boolean storedEverRead;
    private final Set<String> warnedClashes = Collections.synchronizedSet(new TreeSet<>());

    private ExternalSchemaRegistry(String catalogName, Map<String, String> defaults, List<String> defaultProblems,
                                   Map<String, Map<String, String>> confOptions, SchemaStore store) {
        this.catalogName = catalogName;
        this.defaults = defaults;
        this.defaultProblems = List.copyOf(defaultProblems);
        this.confOptions = Collections.unmodifiableMap(confOptions);
        this.store = store;
    }

    /**
     * Reads a catalog's options: {@code schemas.<name>.<option>}, {@code defaults.<option>} and
     * {@code registry}. The Hadoop configuration is only asked for when a registry is set. Problems
     * of a schema's options are logged here and reported when the schema is used.
     */
    public static ExternalSchemaRegistry open(String catalogName, Map<String, String> catalogOptions,
                                              Supplier<Configuration> hadoopConf) {
        List<String> defaultProblems = new ArrayList<>();
        Map<String, String> defaults = defaults(catalogName, catalogOptions, defaultProblems);
        Map<String, Map<String, String>> confOptions = new java.util.TreeMap<>();
        FederatedOptions.groupSchemaOptions(catalogOptions).forEach((name, options) -> {
            if (RESERVED_NAMES.contains(name)) {
                throw reservedName(name);
            }
            confOptions.put(name, options);
        });
        String location = catalogOptions.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(REGISTRY)).map(Map.Entry::getValue)
                .filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
        SchemaStore store = location == null ? null : new SchemaStore(location.trim(), hadoopConf.get());
        ExternalSchemaRegistry registry = new ExternalSchemaRegistry(catalogName, defaults, defaultProblems, confOptions, store);
        confOptions.keySet().forEach(name -> {
            Entry entry = registry.confEntry(name);
            if (entry.broken()) {
                LOG.warn("Catalog '{}': {} (the other external schemas work)", catalogName, entry.problem());
            }
        });
        return registry;
    }

    /** Looks up a schema case-insensitively, as Redshift folds unquoted schema names. */
    public Optional<ExternalSchema> find(String name) {
        return entry(name).map(Entry::schema);
    }

    /** A schema and where it was defined (possibly {@link Entry#broken()}), if the catalog has one of that name. */
    public Optional<Entry> entry(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (confOptions.containsKey(key)) {
            return Optional.of(confEntry(key));
        }
        Entry found = stored(false).get(key);
        if (found == null && store != null) {
            found = stored(true).get(key); // created by another session since the last read
        }
        return Optional.ofNullable(found);
    }

    /** Every schema: conf-defined ones first, then those created by DDL, each in name order. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        confOptions.keySet().forEach(name -> all.add(confEntry(name)));
        stored(store != null).forEach((name, entry) -> {
            if (!confOptions.containsKey(name)) {
                all.add(entry);
            }
        });
        return all;
    }

    /** The names of {@link #entries()} (what SHOW NAMESPACES lists), without parsing conf-defined schemas again. */
    public List<String> names() {
        List<String> names = new ArrayList<>(confOptions.keySet());
        stored(store != null).keySet().stream().filter(n -> !confOptions.containsKey(n)).forEach(names::add);
        return names;
    }

    /** Whether the catalog has a schema of that name, usable or not. */
    public boolean contains(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return confOptions.containsKey(key) || stored(false).containsKey(key)
                || (store != null && stored(true).containsKey(key));
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
        if (confOptions.containsKey(key) || !store.create(key, props)) {
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
            if (confOptions.containsKey(key)) {
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
                if (confOptions.containsKey(key)) {
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
                    LOG.warn("External schema '{}' of the registry at {} cannot be used: {}", name, store.location(), e.getMessage());
                    entries.put(name, Entry.broken(name, e.getMessage(), props.get(OWNER), props.get(COMMENT), false));
                }
                if (confOptions.containsKey(name) && warnedClashes.add(name)) {
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

    /** A conf-defined schema: parsed once when that works; parsed again on each use while it has problems. */
    private Entry confEntry(String name) {
        Entry parsed = confSchemas.get(name);
        if (parsed != null) {
            return parsed;
        }
        try {
            Entry entry = Entry.of(parse(name, confOptions.get(name)), null, null, true);
            confSchemas.put(name, entry);
            return entry;
        } catch (FederatedException e) {
            return Entry.broken(name, e.getMessage(), null, null, true);
        }
    }

    private Entry toEntry(String name, Map<String, String> props) {
        Map<String, String> options = new LinkedHashMap<>(props);
        String owner = options.remove(OWNER);
        String comment = options.remove(COMMENT);
        return Entry.of(parse(name, options), owner, comment, false);
    }

    private ExternalSchema parse(String name, Map<String, String> options) {
        return ExternalSchemaParser.parse(name, withDefaults(defaults, options), Set.of(), defaultProblems);
    }

    /** The defaults.* settings; what is wrong with them goes to {@code problems} (never fails the catalog). */
    private static Map<String, String> defaults(String catalogName, Map<String, String> catalogOptions, List<String> problems) {
        Map<String, String> defaults = new LinkedHashMap<>();
        // in name order, so that the problems are reported in the same order every time
        new java.util.TreeMap<>(catalogOptions).forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).startsWith(DEFAULTS_PREFIX)) {
                String option = k.substring(DEFAULTS_PREFIX.length()).toLowerCase(Locale.ROOT);
                String setting = "catalog option 'spark.sql.catalog." + catalogName + "." + k + "': ";
                if (NOT_DEFAULTABLE.contains(option)) {
                    problems.add(setting + "'" + option + "' cannot be a catalog-wide default; defaults may set "
                            + new TreeSet<>(DEFAULTABLE));
                } else if (!DEFAULTABLE.contains(option)) {
                    problems.add(setting + FederatedOptions.unknownOption(option, DEFAULTABLE));
                } else {
                    defaults.put(option, v);
                }
            }
        });
        return defaults;
    }

    /** The schema's options over the catalog's defaults; an engine's own options default only that engine's schemas. */
    private static Map<String, String> withDefaults(Map<String, String> defaults, Map<String, String> options) {
        Map<String, String> schemaOptions = FederatedOptions.lowerCaseKeys(options);
        String engine = schemaOptions.getOrDefault(FederatedOptions.ENGINE, "").trim().toLowerCase(Locale.ROOT);
        Map<String, String> merged = new LinkedHashMap<>();
        defaults.forEach((option, value) -> {
            boolean othersOnly = Engines.installed().stream().anyMatch(e -> e.options().stream().anyMatch(o -> o.name().equals(option)))
                    && Engines.installed().stream().filter(e -> e.name().equals(engine) || e.aliases().contains(engine))
                    .noneMatch(e -> e.options().stream().anyMatch(o -> o.name().equals(option)));
            if (!othersOnly) {
                merged.put(option, value);
            }
        });
        merged.putAll(schemaOptions);
        return merged;
    }

    private static FederatedException reservedName(String name) {
        return new FederatedException("'" + name + "' cannot be the name of an external schema: the catalog uses it for"
                + " its metadata tables; choose another name");
    }
}
