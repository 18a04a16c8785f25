package io.sparkfederated.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.sparkfederated.FederatedException;

/** The kinds of remote database an external schema can point at (Redshift's {@code FROM} clause). */
public enum Engine {
    POSTGRES(5432, true),
    MYSQL(3306, false),
    REDSHIFT(5439, false);

    private final int defaultPort;
    private final boolean supported;

    Engine(int defaultPort, boolean supported) {
        this.defaultPort = defaultPort;
        this.supported = supported;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Whether this build can query the engine (others are accepted in definitions but fail at query time). */
    public boolean supported() {
        return supported;
    }

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Engine parse(String value, String where) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("POSTGRESQL")) {
            return POSTGRES;
        }
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new FederatedException(where + ": unknown engine '" + value + "'; use one of "
                    + Arrays.stream(values()).map(Engine::optionValue).collect(Collectors.joining(", ")));
        }
    }
}
