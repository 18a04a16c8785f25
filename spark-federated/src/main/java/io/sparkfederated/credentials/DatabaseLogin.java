package io.sparkfederated.credentials;

import java.util.Map;

/**
 * A resolved database login, and what else the secret said about the database (RDS-managed secrets
 * carry {@code host}, {@code port}, {@code dbname}, {@code engine}). Lives only in memory: not
 * serializable, and {@link #toString()} hides the password.
 */
public record DatabaseLogin(String user, String password, Map<String, String> secretFields) {

    public DatabaseLogin {
        secretFields = Map.copyOf(secretFields);
    }

    @Override
    public String toString() {
        return "DatabaseLogin[user=" + user + ", password=(redacted)]";
    }
}
