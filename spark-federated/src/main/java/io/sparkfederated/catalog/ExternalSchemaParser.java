package io.sparkfederated.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sparkfederated.config.ExternalSchema;
import io.sparkfederated.config.FederatedOptions;
import io.sparkfederated.connector.Engines;
import io.sparkfederated.credentials.LoginResolver;

/** Parses external schemas' options against the installed engines, reading Secrets Manager where a secret names the database. */
public final class ExternalSchemaParser {

    private ExternalSchemaParser() {
    }

    public static ExternalSchema parse(String name, Map<String, String> options, Set<String> extraAllowed,
                                       List<String> inherited) {
        return FederatedOptions.parse(name, options, extraAllowed, inherited, Engines.installed(),
                (where, secret) -> LoginResolver.secret(where, secret).secretFields());
    }
}
