package io.kanal.plugins.http;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Password;
import io.kanal.config.Validators;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP sink's configuration: its keys, and the typed settings read from them. Key names follow Aiven's HTTP sink
 * ({@code http.url}, {@code max.retries}, {@code retry.backoff.ms}, {@code batch.max.*}) where it has one, and the
 * Kafka clients' SSL names ({@code *.ssl.truststore.*}) for TLS; see the plugin's README for the mapping.
 *
 * @param url the endpoint
 * @param method POST, PUT or PATCH
 * @param headers extra request headers, in order
 * @param authorization the value of the {@code Authorization} header, when authentication is configured
 * @param format how a batch becomes a request body
 * @param maxRecords the most records in one request
 * @param maxBytes the most body bytes in one request (a single larger record is sent alone)
 * @param linger how long a batch that is not full waits for more records
 * @param bufferMaxRecords records accepted but not yet delivered above which the task pauses its partitions
 * @param includeKey whether each element carries the key as well as the value
 * @param sendNullValues whether tombstones are sent (as {@code null}) rather than skipped
 * @param retry the retry policy
 * @param requestTimeout the timeout of one request, response included
 * @param connectTimeout the timeout of establishing a connection
 * @param trustStore the trust store for HTTPS, when not the JDK's default
 */
public record HttpSinkConfig(
        URI url,
        String method,
        List<HttpHeader> headers,
        Optional<Password> authorization,
        BatchFormat format,
        int maxRecords,
        int maxBytes,
        Duration linger,
        int bufferMaxRecords,
        boolean includeKey,
        boolean sendNullValues,
        RetryPolicy retry,
        Duration requestTimeout,
        Duration connectTimeout,
        Optional<TrustStore> trustStore) {

    private static final String CONNECTION = "Connection";
    private static final String AUTH = "Authentication";
    private static final String SSL = "TLS";
    private static final String BATCHING = "Batching";
    private static final String RETRIES = "Retries";

    /** The endpoint. */
    public static final ConfigKey<String> URL = ConfigKey.builder("http.url", ConfigType.STRING)
            .required()
            .validator(Validators.satisfies(HttpSinkConfig::isHttpUrl, "must be an http:// or https:// URL"))
            .documentation("The URL records are sent to, for example https://example.com/events")
            .importance(Importance.HIGH)
            .group(CONNECTION, 1)
            .build();

    /** The request method. */
    public static final ConfigKey<String> METHOD = ConfigKey.builder("http.method", ConfigType.STRING)
            .defaultValue("POST")
            .validator(Validators.oneOfIgnoringCase("POST", "PUT", "PATCH"))
            .documentation("The HTTP method of each request: POST, PUT or PATCH")
            .importance(Importance.HIGH)
            .group(CONNECTION, 2)
            .build();

    /** Extra request headers. */
    public static final ConfigKey<String> HEADERS = ConfigKey.builder("http.headers", ConfigType.STRING)
            .defaultValue("")
            .documentation("Extra request headers as Name:Value pairs separated by http.headers.separator, for "
                    + "example X-Source:kanal,X-Tenant:a. Not a secret: use http.auth.* for credentials")
            .importance(Importance.MEDIUM)
            .group(CONNECTION, 3)
            .build();

    /** What separates two headers in {@link #HEADERS}. */
    public static final ConfigKey<String> HEADERS_SEPARATOR = ConfigKey.builder(
                    "http.headers.separator", ConfigType.STRING)
            .defaultValue(",")
            .validator(Validators.nonEmptyString())
            .documentation("The separator between two headers of http.headers, for header values that hold commas")
            .importance(Importance.LOW)
            .group(CONNECTION, 4)
            .build();

    /** The timeout of one request. */
    public static final ConfigKey<Long> TIMEOUT_MS = ConfigKey.builder("http.timeout.ms", ConfigType.LONG)
            .defaultValue(30_000L)
            .validator(Validators.atLeast(1L))
            .documentation("How long one request may take, until the response's headers arrive, in milliseconds; "
                    + "a request that times out is retried")
            .importance(Importance.MEDIUM)
            .group(CONNECTION, 5)
            .build();

    /** The timeout of connecting. */
    public static final ConfigKey<Long> CONNECT_TIMEOUT_MS = ConfigKey.builder(
                    "http.connect.timeout.ms", ConfigType.LONG)
            .defaultValue(10_000L)
            .validator(Validators.atLeast(1L))
            .documentation("How long establishing a connection may take, in milliseconds")
            .importance(Importance.LOW)
            .group(CONNECTION, 6)
            .build();

    /** The authentication scheme. */
    public static final ConfigKey<String> AUTH_TYPE = ConfigKey.builder("http.auth.type", ConfigType.STRING)
            .defaultValue("none")
            .validator(Validators.oneOfIgnoringCase("none", "basic", "bearer"))
            .documentation("How requests authenticate: none, basic (http.auth.basic.username and password) or "
                    + "bearer (http.auth.bearer.token)")
            .importance(Importance.HIGH)
            .group(AUTH, 1)
            .build();

    /** The basic authentication user. */
    public static final ConfigKey<String> BASIC_USERNAME = ConfigKey.builder(
                    "http.auth.basic.username", ConfigType.STRING)
            .documentation("The user name of basic authentication")
            .importance(Importance.MEDIUM)
            .group(AUTH, 2)
            .build();

    /** The basic authentication password. */
    public static final ConfigKey<Password> BASIC_PASSWORD = ConfigKey.builder(
                    "http.auth.basic.password", ConfigType.PASSWORD)
            .documentation("The password of basic authentication")
            .importance(Importance.MEDIUM)
            .group(AUTH, 3)
            .build();

    /** The bearer token. */
    public static final ConfigKey<Password> BEARER_TOKEN = ConfigKey.builder(
                    "http.auth.bearer.token", ConfigType.PASSWORD)
            .documentation("The token sent as Authorization: Bearer <token>")
            .importance(Importance.MEDIUM)
            .group(AUTH, 4)
            .build();

    /** The trust store file. */
    public static final ConfigKey<String> TRUSTSTORE_LOCATION = ConfigKey.builder(
                    "http.ssl.truststore.location", ConfigType.STRING)
            .documentation("A trust store file for https:// URLs; without it the JDK's default trust store is used")
            .importance(Importance.MEDIUM)
            .group(SSL, 1)
            .build();

    /** The trust store password. */
    public static final ConfigKey<Password> TRUSTSTORE_PASSWORD = ConfigKey.builder(
                    "http.ssl.truststore.password", ConfigType.PASSWORD)
            .documentation("The trust store's password, if it has one")
            .importance(Importance.MEDIUM)
            .group(SSL, 2)
            .build();

    /** The trust store format. */
    public static final ConfigKey<String> TRUSTSTORE_TYPE = ConfigKey.builder(
                    "http.ssl.truststore.type", ConfigType.STRING)
            .defaultValue("JKS")
            .validator(Validators.oneOfIgnoringCase("JKS", "PKCS12"))
            .documentation("The trust store's format: JKS or PKCS12")
            .importance(Importance.LOW)
            .group(SSL, 3)
            .build();

    /** The body format. */
    public static final ConfigKey<String> BATCH_FORMAT = ConfigKey.builder("batch.format", ConfigType.STRING)
            .defaultValue("json_array")
            .validator(Validators.oneOfIgnoringCase("json_array", "ndjson"))
            .documentation("How a batch becomes a body: json_array (one JSON array, application/json) or ndjson "
                    + "(one JSON value per line, application/x-ndjson)")
            .importance(Importance.HIGH)
            .group(BATCHING, 1)
            .build();

    /** The most records in a request. */
    public static final ConfigKey<Integer> BATCH_MAX_RECORDS = ConfigKey.builder("batch.max.records", ConfigType.INT)
            .defaultValue(500)
            .validator(Validators.atLeast(1))
            .documentation("The most records in one request; 1 sends each record on its own")
            .importance(Importance.MEDIUM)
            .group(BATCHING, 2)
            .build();

    /** The most bytes in a request. */
    public static final ConfigKey<Integer> BATCH_MAX_BYTES = ConfigKey.builder("batch.max.bytes", ConfigType.INT)
            .defaultValue(1024 * 1024)
            .validator(Validators.atLeast(64))
            .documentation("The most body bytes in one request; a record larger than this is sent alone")
            .importance(Importance.MEDIUM)
            .group(BATCHING, 3)
            .build();

    /** How long a batch waits to fill. */
    public static final ConfigKey<Long> BATCH_LINGER_MS = ConfigKey.builder("batch.linger.ms", ConfigType.LONG)
            .defaultValue(100L)
            .validator(Validators.atLeast(0L))
            .documentation("How long a batch that is not full waits for more records before it is sent, in "
                    + "milliseconds; an offset commit sends it at once")
            .importance(Importance.MEDIUM)
            .group(BATCHING, 4)
            .build();

    /** The pause threshold. */
    public static final ConfigKey<Integer> BUFFER_MAX_RECORDS = ConfigKey.builder("buffer.max.records", ConfigType.INT)
            .defaultValue(10_000)
            .validator(Validators.atLeast(1))
            .documentation("Records accepted but not yet delivered above which the task pauses its partitions "
                    + "(while the endpoint is slow or failing), and resumes them once below again")
            .importance(Importance.LOW)
            .group(BATCHING, 5)
            .build();

    /** Whether elements carry the key. */
    public static final ConfigKey<Boolean> INCLUDE_KEY = ConfigKey.builder("record.include.key", ConfigType.BOOLEAN)
            .defaultValue(false)
            .documentation("false sends each record's value; true sends {\"key\": ..., \"value\": ...}")
            .importance(Importance.MEDIUM)
            .group(BATCHING, 6)
            .build();

    /** What happens to tombstones. */
    public static final ConfigKey<String> NULL_VALUES = ConfigKey.builder("behavior.on.null.values", ConfigType.STRING)
            .defaultValue("ignore")
            .validator(Validators.oneOfIgnoringCase("ignore", "send"))
            .documentation("Records with a null value (tombstones): ignore skips them (their offsets are still "
                    + "committed), send sends them as JSON null")
            .importance(Importance.LOW)
            .group(BATCHING, 7)
            .build();

    /** The first back-off. */
    public static final ConfigKey<Long> RETRY_BACKOFF_MS = ConfigKey.builder("retry.backoff.ms", ConfigType.LONG)
            .defaultValue(1_000L)
            .validator(Validators.atLeast(1L))
            .documentation("The wait before the first retry of a failed request, doubled on each further retry up "
                    + "to retry.backoff.max.ms, in milliseconds; a Retry-After header replaces it")
            .importance(Importance.MEDIUM)
            .group(RETRIES, 1)
            .build();

    /** The longest back-off. */
    public static final ConfigKey<Long> RETRY_BACKOFF_MAX_MS = ConfigKey.builder(
                    "retry.backoff.max.ms", ConfigType.LONG)
            .defaultValue(60_000L)
            .validator(Validators.atLeast(1L))
            .documentation("The longest wait between two retries, in milliseconds")
            .importance(Importance.LOW)
            .group(RETRIES, 2)
            .build();

    /** The retry bound. */
    public static final ConfigKey<Integer> MAX_RETRIES = ConfigKey.builder("max.retries", ConfigType.INT)
            .defaultValue(10)
            .validator(Validators.atLeast(-1))
            .documentation("How many times a request that failed with 5xx, 408, 429, a timeout or a connection "
                    + "error is retried before the task fails (its records are not committed, so nothing is lost); "
                    + "-1 retries forever")
            .importance(Importance.MEDIUM)
            .group(RETRIES, 3)
            .build();

    /** Every key of the sink. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(URL)
            .define(METHOD)
            .define(HEADERS)
            .define(HEADERS_SEPARATOR)
            .define(TIMEOUT_MS)
            .define(CONNECT_TIMEOUT_MS)
            .define(AUTH_TYPE)
            .define(BASIC_USERNAME)
            .define(BASIC_PASSWORD)
            .define(BEARER_TOKEN)
            .define(TRUSTSTORE_LOCATION)
            .define(TRUSTSTORE_PASSWORD)
            .define(TRUSTSTORE_TYPE)
            .define(BATCH_FORMAT)
            .define(BATCH_MAX_RECORDS)
            .define(BATCH_MAX_BYTES)
            .define(BATCH_LINGER_MS)
            .define(BUFFER_MAX_RECORDS)
            .define(INCLUDE_KEY)
            .define(NULL_VALUES)
            .define(RETRY_BACKOFF_MS)
            .define(RETRY_BACKOFF_MAX_MS)
            .define(MAX_RETRIES)
            .build();

    /**
     * Reads the settings, checking the rules that span keys (credentials for the chosen authentication).
     *
     * @param config a configuration parsed with {@link #SPEC}
     * @return the settings
     * @throws InvalidConfigValueException when a key the others require is missing or malformed
     */
    public static HttpSinkConfig from(ParsedConfig config) {
        String separator = config.get(HEADERS_SEPARATOR);
        Optional<String> location = config.find(TRUSTSTORE_LOCATION).filter(l -> !l.isBlank());
        return new HttpSinkConfig(
                URI.create(config.get(URL)),
                config.get(METHOD).toUpperCase(Locale.ROOT),
                parseHeaders(config.get(HEADERS), separator),
                authorization(config),
                BatchFormat.of(config.get(BATCH_FORMAT)),
                config.get(BATCH_MAX_RECORDS),
                config.get(BATCH_MAX_BYTES),
                Duration.ofMillis(config.get(BATCH_LINGER_MS)),
                config.get(BUFFER_MAX_RECORDS),
                config.get(INCLUDE_KEY),
                config.get(NULL_VALUES).equalsIgnoreCase("send"),
                new RetryPolicy(
                        Duration.ofMillis(config.get(RETRY_BACKOFF_MS)),
                        Duration.ofMillis(config.get(RETRY_BACKOFF_MAX_MS)),
                        config.get(MAX_RETRIES)),
                Duration.ofMillis(config.get(TIMEOUT_MS)),
                Duration.ofMillis(config.get(CONNECT_TIMEOUT_MS)),
                location.map(l -> new TrustStore(
                        l,
                        config.find(TRUSTSTORE_PASSWORD).filter(p -> !p.isEmpty()),
                        config.get(TRUSTSTORE_TYPE).toUpperCase(Locale.ROOT))));
    }

    /**
     * Splits {@code Name:Value} pairs; blank entries are skipped, so a trailing separator is harmless.
     *
     * @param headers the pairs as configured
     * @param separator what separates two pairs
     * @return the headers, in order
     * @throws InvalidConfigValueException when a pair has no name or no colon, or names {@code Authorization}
     */
    static List<HttpHeader> parseHeaders(String headers, String separator) {
        List<HttpHeader> parsed = new ArrayList<>();
        for (String pair : headers.split(Pattern.quote(separator))) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            String name = colon < 0 ? "" : pair.substring(0, colon).trim();
            if (name.isEmpty()) {
                // The value is not shown: a misplaced separator could have cut a secret in half.
                throw new InvalidConfigValueException(HEADERS.name(), "[not shown]", "each header must be Name:Value");
            }
            if (name.equalsIgnoreCase("Authorization")) {
                throw new InvalidConfigValueException(
                        HEADERS.name(), "[not shown]", "set Authorization through http.auth.* (kept secret)");
            }
            parsed.add(new HttpHeader(name, pair.substring(colon + 1).trim()));
        }
        return List.copyOf(parsed);
    }

    private static Optional<Password> authorization(ParsedConfig config) {
        switch (config.get(AUTH_TYPE).toLowerCase(Locale.ROOT)) {
            case "basic" -> {
                String user = config.find(BASIC_USERNAME)
                        .filter(u -> !u.isEmpty())
                        .orElseThrow(() -> new InvalidConfigValueException(
                                BASIC_USERNAME.name(), "", "required with http.auth.type=basic"));
                Password password = config.find(BASIC_PASSWORD)
                        .orElseThrow(() -> new InvalidConfigValueException(
                                BASIC_PASSWORD.name(), "", "required with http.auth.type=basic"));
                String credentials = user + ":" + password.reveal();
                return Optional.of(new Password(
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
            }
            case "bearer" -> {
                Password token = config.find(BEARER_TOKEN)
                        .filter(t -> !t.isEmpty())
                        .orElseThrow(() -> new InvalidConfigValueException(
                                BEARER_TOKEN.name(), "", "required with http.auth.type=bearer"));
                return Optional.of(new Password("Bearer " + token.reveal()));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return scheme != null
                    && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /**
     * The endpoint as logs, statuses and errors show it: without user info and query, where webhook URLs often carry
     * their secret ({@code user:pass@}, {@code ?token=}).
     *
     * @return scheme, host, port and path
     */
    public String displayUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?[hidden]");
    }

    /**
     * Never shows the Authorization value, the trust store password ({@link Password#toString()} hides both), the
     * URL's user info and query, nor the extra headers' values (an {@code X-Api-Key} is a secret too).
     */
    @Override
    public String toString() {
        return "HttpSinkConfig[url=" + displayUrl() + ", method=" + method + ", headers="
                + headers.stream().map(HttpHeader::name).toList() + ", authorization="
                + authorization.map(a -> Password.HIDDEN).orElse("none") + ", format=" + format + ", maxRecords="
                + maxRecords + ", maxBytes=" + maxBytes + ", linger=" + linger + ", retry=" + retry + ", timeout="
                + requestTimeout + ", trustStore=" + trustStore + "]";
    }

    /**
     * One extra request header.
     *
     * @param name the header's name
     * @param value its value
     */
    public record HttpHeader(String name, String value) {}

    /**
     * A trust store for HTTPS.
     *
     * @param location the file
     * @param password its password, if any
     * @param type JKS or PKCS12
     */
    public record TrustStore(String location, Optional<Password> password, String type) {}
}
