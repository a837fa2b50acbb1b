package io.kanal.plugins.jdbc.connection;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Password;
import io.kanal.config.Validator;
import io.kanal.config.Validators;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Where and as whom a JDBC connector connects, and how hard it tries: the keys of the established JDBC connectors
 * ({@code connection.url}, {@code connection.user}, {@code connection.password}, {@code connection.attempts}, {@code
 * connection.backoff.ms}), so that users' configurations carry over. The password is a {@code PASSWORD}: it never
 * appears in a log, a status, a REST response or an exception message.
 *
 * @param url the JDBC URL
 * @param user the user, when not given in the URL
 * @param password the password, when not given in the URL
 * @param attempts how many times to try to connect before failing
 * @param backoff how long to wait between two attempts
 */
public record ConnectionSettings(
        String url, Optional<String> user, Optional<Password> password, int attempts, Duration backoff) {

    /** The JDBC URL of the database. */
    public static final ConfigKey<String> URL = ConfigKey.builder("connection.url", ConfigType.STRING)
            .required()
            .validator(Validators.satisfies((String url) -> url.startsWith("jdbc:"), "must be a JDBC URL (jdbc:...)"))
            .documentation("JDBC connection URL, for example jdbc:postgresql://localhost:5432/inventory")
            .importance(Importance.HIGH)
            .build();

    /** The database user. */
    public static final ConfigKey<String> USER = ConfigKey.builder("connection.user", ConfigType.STRING)
            .documentation("JDBC connection user")
            .importance(Importance.HIGH)
            .build();

    /** The database user's password. */
    public static final ConfigKey<Password> PASSWORD = ConfigKey.builder("connection.password", ConfigType.PASSWORD)
            .documentation("JDBC connection password")
            .importance(Importance.HIGH)
            .build();

    /** How many times to try to connect. */
    public static final ConfigKey<Integer> ATTEMPTS = ConfigKey.builder("connection.attempts", ConfigType.INT)
            .defaultValue(3)
            .validator(Validators.atLeast(1))
            .documentation("Maximum number of attempts to retrieve a valid JDBC connection")
            .importance(Importance.LOW)
            .build();

    /** The wait between two connection attempts, in milliseconds. */
    public static final ConfigKey<Long> BACKOFF_MS = ConfigKey.builder("connection.backoff.ms", ConfigType.LONG)
            .defaultValue(10_000L)
            .validator(Validators.atLeast(0L))
            .documentation("Backoff time in milliseconds between connection attempts")
            .importance(Importance.LOW)
            .build();

    /**
     * Adds the connection keys to a connector's specification.
     *
     * @param spec the builder of the connector's specification
     * @return the same builder
     */
    public static ConfigSpec.Builder define(ConfigSpec.Builder spec) {
        return spec.define(URL).define(USER).define(PASSWORD).define(ATTEMPTS).define(BACKOFF_MS);
    }

    /**
     * Reads the connection keys from a parsed configuration.
     *
     * @param config a configuration parsed with a specification that {@link #define}d the keys
     * @return the settings
     */
    public static ConnectionSettings from(ParsedConfig config) {
        return new ConnectionSettings(
                config.get(URL),
                config.find(USER).filter(u -> !u.isEmpty()),
                config.find(PASSWORD).filter(p -> !p.isEmpty()),
                config.get(ATTEMPTS),
                Duration.ofMillis(config.get(BACKOFF_MS)));
    }

    /** Never shows the password, nor one written into the URL. */
    @Override
    public String toString() {
        return "ConnectionSettings[url=" + JdbcConnections.redact(url) + ", user=" + user.orElse("") + ", password="
                + (password.isPresent() ? "[hidden]" : "") + ", attempts=" + attempts + ", backoff=" + backoff + "]";
    }

    /**
     * The check of both connectors' {@code db.timezone}: a time zone ID that {@link ZoneId#of} accepts.
     *
     * @return the validator
     */
    public static Validator<String> zoneId() {
        return Validators.satisfies(ConnectionSettings::isZone, "must be a time zone ID such as UTC or Europe/Paris");
    }

    private static boolean isZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
