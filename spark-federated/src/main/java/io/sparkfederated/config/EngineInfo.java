package io.sparkfederated.config;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the options layer and the DDL need to know of one engine (the rest is in the engine's
 * connector). Engines are found at run time; no shared class names one.
 */
public interface EngineInfo {

    /** The {@code engine} option's value, lower case: {@code postgres}. */
    String name();

    /** Other accepted spellings of {@link #name()} ({@code postgresql}). */
    default List<String> aliases() {
        return List.of();
    }

    /** The word after FROM in {@code CREATE EXTERNAL SCHEMA}: {@code POSTGRES}. */
    String ddlKeyword();

    /** For messages: {@code PostgreSQL}. */
    String displayName();

    int defaultPort();

    /**
     * Whether the remote database is itself the schema (MySQL: no SCHEMA clause; the remote schema
     * is the database), rather than holding schemas ({@code public} by default).
     */
    default boolean databaseIsSchema() {
        return false;
    }

    /** Redshift's {@code SVV_EXTERNAL_SCHEMAS.eskind} for this kind of source. */
    int redshiftKind();

    /** The options only this engine takes (the common ones are {@link CommonOptions}). */
    default List<OptionSpec> options() {
        return List.of();
    }

    /**
     * Where this engine's built-in default of a common option differs from {@link CommonOptions}' (an
     * engine that renders something cheaper can take more of it); the README's option table names it.
     */
    default Map<OptionSpec, String> optionDefaults() {
        return Map.of();
    }

    /**
     * Checks how this engine's options go together (each value alone is already checked), reporting
     * every problem found.
     */
    default void checkOptions(OptionValues values, Consumer<String> problems) {
    }
}
