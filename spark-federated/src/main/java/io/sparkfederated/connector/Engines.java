package io.sparkfederated.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import io.sparkfederated.FederatedException;
import io.sparkfederated.config.ExternalSchema;

/** The engines installed on the class path ({@link EngineProvider}s), in the order their service files list them. */
public final class Engines {

    private static final List<EngineProvider> INSTALLED = load();

    private Engines() {
    }

    public static List<EngineProvider> installed() {
        return INSTALLED;
    }

    /** The engine of this name (an external schema's {@code engine}, always its canonical name). */
    public static EngineProvider named(String name) {
        for (EngineProvider engine : INSTALLED) {
            if (engine.name().equals(name)) {
                return engine;
            }
        }
        throw new FederatedException("engine '" + name + "' is not installed; installed engines: "
                + String.join(", ", INSTALLED.stream().map(EngineProvider::name).toList()));
    }

    public static SourceConnector connector(ExternalSchema schema) {
        return named(schema.engine()).connector();
    }

    private static List<EngineProvider> load() {
        List<EngineProvider> engines = new ArrayList<>();
        // our own class loader: Spark may run jobs with a context class loader that cannot see the jar
        ServiceLoader.load(EngineProvider.class, EngineProvider.class.getClassLoader()).forEach(engines::add);
        List<String> names = new ArrayList<>();
        for (EngineProvider engine : engines) {
            for (String name : concat(engine.name(), engine.aliases())) {
                if (names.contains(name)) {
                    throw new IllegalStateException("two engines are named '" + name + "'");
                }
                names.add(name);
            }
        }
        return List.copyOf(engines);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest);
        all.add(0, first);
        return all;
    }
}
