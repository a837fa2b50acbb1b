package io.kanal.rest;

import java.util.Locale;
import java.util.Optional;

/**
 * What an authenticated REST user may do: {@link #ADMIN} everything, {@link #READ_ONLY} read status but no config and
 * no write ({@link RestAccess} decides which request needs which).
 */
enum RestRole {
    /** Every endpoint, every method. */
    ADMIN("admin"),
    /** Status, the connector list, plugins, health and metrics; no configs, no writes. */
    READ_ONLY("read-only");

    private final String label;

    RestRole(String label) {
        this.label = label;
    }

    /**
     * The name users write in the users file.
     *
     * @return {@code admin} or {@code read-only}
     */
    String label() {
        return label;
    }

    /**
     * The role a users-file entry names, case-insensitively; other names (Connect's files often carry roles of their
     * own) are not Kanal roles.
     *
     * @param name a role as written in the file
     * @return the role, or empty when the name is none of Kanal's
     */
    static Optional<RestRole> of(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (RestRole role : values()) {
            if (role.label.equals(wanted)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
