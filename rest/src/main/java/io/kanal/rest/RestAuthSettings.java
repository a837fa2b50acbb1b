package io.kanal.rest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the REST API authenticates, from the worker's config.
 *
 * <ul>
 *   <li>{@code rest.extension.classes} may name Connect's basic-auth extension and nothing else: Kanal loads no REST
 *       extension, and one that silently did not run could leave the API open.
 *   <li>HTTP Basic is on when {@code rest.extension.classes} names Connect's {@value #CONNECT_BASIC_AUTH}, as in a
 *       Connect worker; Kanal does not load the extension but does its job. The users file is {@value #USERS_FILE}
 *       when set, else the {@code file} option of the {@code KafkaConnect} entry of the JAAS file named by the {@code
 *       java.security.auth.login.config} system property, where a Connect worker reads it: a Connect deployment works
 *       unchanged, and a Kanal one needs no JAAS file.
 *   <li>Client certificates authenticate on https listeners when {@code ssl.client.auth} (or {@code
 *       listeners.https.ssl.client.auth}) is {@code required} or {@code requested}: the subject's CN is the user name,
 *       its roles come from the users file; without a users file every trusted certificate is an admin.
 *   <li>Requests without credentials are refused when Basic is on or client certificates are required. With neither,
 *       the API is open, as Connect's.
 * </ul>
 *
 * @param basic whether HTTP Basic is on
 * @param clientCertificates whether client certificates are asked for on https listeners
 * @param enforced whether a request without credentials is refused
 * @param users the users file's contents, when there is one
 * @param healthOpen whether {@code GET /health} answers without credentials ({@value #HEALTH_OPEN})
 */
record RestAuthSettings(
        boolean basic, boolean clientCertificates, boolean enforced, Optional<RestUsers> users, boolean healthOpen) {

    /** Connect's key: the REST extensions to load. */
    static final String EXTENSIONS = "rest.extension.classes";
    /** Connect's basic-auth extension, whose job Kanal does itself. */
    static final String CONNECT_BASIC_AUTH =
            "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension";
    /** Kanal's key: the users file ({@code user: password[,role...]} lines). */
    static final String USERS_FILE = "kanal.rest.auth.users.file";
    /** Kanal's key: {@code true} answers {@code GET /health} without credentials (for probes); default false. */
    static final String HEALTH_OPEN = "kanal.rest.auth.health.open";
    /** The JVM's JAAS config file, as Connect's extension reads it. */
    static final String JAAS_PROPERTY = "java.security.auth.login.config";

    /** The JAAS entry Connect's basic-auth extension logs in with. */
    static final String JAAS_ENTRY = "KafkaConnect";

    /** The API without authentication. */
    static RestAuthSettings open() {
        return new RestAuthSettings(false, false, false, Optional.empty(), true);
    }

    /**
     * Reads the settings.
     *
     * @param config the worker's config
     * @param listeners the parsed {@code listeners}
     * @param jaasFile the value of {@value #JAAS_PROPERTY}, or null
     * @return the settings
     * @throws IllegalArgumentException naming the key when {@code rest.extension.classes} names another extension,
     *     when Basic is on without a users file, when a users file is named but not every request must authenticate
     *     (no Basic, and client certificates not required), or when the file or the JAAS file cannot be read
     */
    static RestAuthSettings of(Map<String, String> config, List<URI> listeners, String jaasFile) {
        List<String> extensions = Arrays.stream(
                        config.getOrDefault(EXTENSIONS, "").split(","))
                .map(String::trim)
                .filter(e -> !e.isEmpty())
                .toList();
        for (String extension : extensions) {
            if (!extension.equals(CONNECT_BASIC_AUTH)) {
                // An extension that does not run may be the API's only protection: refuse rather than serve open.
                throw new IllegalArgumentException("Invalid value " + extension + " for configuration " + EXTENSIONS
                        + ": Kanal does not load REST extensions; it does the job of " + CONNECT_BASIC_AUTH
                        + " itself and knows no other");
            }
        }
        boolean basic = extensions.contains(CONNECT_BASIC_AUTH);
        boolean https = listeners.stream().anyMatch(l -> "https".equalsIgnoreCase(l.getScheme()));
        String clientAuth = RestListeners.sslSettings(config)
                .getOrDefault("ssl.client.auth", "none")
                .trim()
                .toLowerCase(Locale.ROOT);
        boolean certificates = https && (clientAuth.equals("required") || clientAuth.equals("requested"));
        boolean enforced = basic || (https && clientAuth.equals("required"));
        Optional<Path> file = Optional.ofNullable(config.get(USERS_FILE))
                .filter(f -> !f.isBlank())
                .map(f -> Path.of(f.trim()));
        if (file.isEmpty() && basic) {
            file = jaasUsersFile(jaasFile);
        }
        if (basic && file.isEmpty()) {
            throw new IllegalArgumentException(EXTENSIONS + " turns on HTTP Basic authentication (" + CONNECT_BASIC_AUTH
                    + "), which needs a users file: set " + USERS_FILE + ", or " + JAAS_PROPERTY
                    + " to a JAAS file whose KafkaConnect entry has a file=\"...\" option");
        }
        if (file.isPresent() && !enforced) {
            // A users file promises that only its users get in; with ssl.client.auth=requested and no Basic, a client
            // without a certificate would get in as admin. Refuse rather than serve a half-closed API.
            throw new IllegalArgumentException(USERS_FILE + " names a users file but nothing makes every REST request"
                    + " authenticate: "
                    + (certificates
                            ? "ssl.client.auth=requested lets a client without a certificate in unauthenticated"
                            : "neither HTTP Basic nor client certificates are on")
                    + "; add " + CONNECT_BASIC_AUTH + " to " + EXTENSIONS
                    + ", or set ssl.client.auth=required on the https listeners");
        }
        boolean healthOpen = !enforced
                || Boolean.parseBoolean(
                        config.getOrDefault(HEALTH_OPEN, "false").trim());
        return new RestAuthSettings(basic, certificates, enforced, file.map(RestUsers::load), healthOpen);
    }

    /** The {@code file} option of the JAAS file's {@code KafkaConnect} entry, where Connect's extension finds it. */
    static Optional<Path> jaasUsersFile(String jaasFile) {
        if (jaasFile == null || jaasFile.isBlank()) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(Path.of(jaasFile.trim()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read the JAAS file " + jaasFile + " named by " + JAAS_PROPERTY + ": " + e, e);
        }
        return JaasFile.option(text, JAAS_ENTRY, "file", jaasFile.trim()).map(Path::of);
    }
}
