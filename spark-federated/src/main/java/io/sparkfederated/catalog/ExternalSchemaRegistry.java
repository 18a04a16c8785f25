package io.sparkfederated.catalog;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The external schemas one catalog knows, by lower-case local name. */
public final class ExternalSchemaRegistry {

    private final Map<String, ExternalSchema> schemas;

    private ExternalSchemaRegistry(Map<String, ExternalSchema> schemas) {
        this.schemas = Collections.unmodifiableMap(schemas);
    }

    /** Reads {@code schemas.<name>.<option>} entries of a catalog's options. */
    public static ExternalSchemaRegistry fromCatalogOptions(Map<String, String> catalogOptions) {
        Map<String, ExternalSchema> schemas = new LinkedHashMap<>();
        FederatedOptions.groupSchemaOptions(catalogOptions)
                .forEach((name, options) -> schemas.put(name, FederatedOptions.parse(name, options, Set.of())));
        return new ExternalSchemaRegistry(schemas);
    }

    /** Looks up a schema case-insensitively, as Redshift folds unquoted schema names. */
    public Optional<ExternalSchema> find(String name) {
        return Optional.ofNullable(schemas.get(name.toLowerCase(Locale.ROOT)));
    }

    public Collection<ExternalSchema> all() {
        return schemas.values();
    }
}
