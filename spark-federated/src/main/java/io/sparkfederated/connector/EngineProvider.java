package io.sparkfederated.connector;

import io.sparkfederated.config.EngineInfo;

/**
 * One engine, as found by {@link java.util.ServiceLoader}: its names, DDL keyword, default port and
 * options ({@link EngineInfo}), and its connector. Adding an engine is one package with a provider
 * and one line in {@code META-INF/services/io.sparkfederated.connector.EngineProvider}.
 */
public interface EngineProvider extends EngineInfo {

    /** The engine's connector (one per JVM; it keeps no per-query state). */
    SourceConnector connector();
}
