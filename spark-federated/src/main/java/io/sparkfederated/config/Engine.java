package io.sparkfederated.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;


/** The kinds of remote database an external schema can point at (Redshift's {@code FROM} clause). */
public enum Engine {
    POSTGRES(5432, 3),
    MYSQL(3306, 8),
    REDSHIFT(5439, 5);

    private final int defaultPort;
    private final int redshiftKind;

    Engine(int defaultPort, int redshiftKind) {
        this.defaultPort = defaultPort;
        this.redshiftKind = redshiftKind;
    }

    /** Redshift's {@code SVV_EXTERNAL_SCHEMAS.eskind} for this kind of source. */
    public int redshiftKind() {
        return redshiftKind;
    }

    public int defaultPort() {
        return defaultPort;
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
            throw new FederatedOptions.Problem(where, "unknown engine '" + value + "'; use one of "
                    + Arrays.stream(values()).map(Engine::optionValue).collect(Collectors.joining(", ")));
        }
    }
}
