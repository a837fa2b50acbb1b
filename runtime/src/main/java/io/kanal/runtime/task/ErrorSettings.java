package io.kanal.runtime.task;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import java.util.Locale;
import java.util.Map;

/**
 * A connector's error-handling settings: Kafka Connect's {@code errors.*} keys (KIP-298), same names, defaults and
 * accepted values, plus Kanal's dead letter queue for source records ({@value #SOURCE_DLQ_TOPIC_NAME}).
 *
 * @param tolerance {@code errors.tolerance}
 * @param retryTimeoutMs {@code errors.retry.timeout}: how long a retriable failure is retried; 0 never, -1 forever
 * @param retryDelayMaxMs {@code errors.retry.delay.max.ms}: the longest pause between two attempts
 * @param logEnable {@code errors.log.enable}: log each tolerated failure
 * @param logIncludeMessages {@code errors.log.include.messages}: include the record in that log line
 * @param dlqTopic {@code errors.deadletterqueue.topic.name} (sinks), empty for none
 * @param dlqReplicationFactor {@code errors.deadletterqueue.topic.replication.factor}
 * @param dlqContextHeaders {@code errors.deadletterqueue.context.headers.enable}
 * @param sourceDlqTopic {@value #SOURCE_DLQ_TOPIC_NAME} (sources, Kanal only), empty for none
 */
public record ErrorSettings(
        Tolerance tolerance,
        long retryTimeoutMs,
        long retryDelayMaxMs,
        boolean logEnable,
        boolean logIncludeMessages,
        String dlqTopic,
        short dlqReplicationFactor,
        boolean dlqContextHeaders,
        String sourceDlqTopic) {

    /** {@code errors.tolerance}: whether a failed record fails the task or is skipped. */
    public enum Tolerance {
        /** The first failure (after retries) fails the task. */
        NONE,
        /** Failures are skipped: logged if asked, sent to the dead letter queue if there is one, counted. */
        ALL
    }

    /** Kanal's key for the dead letter queue of source records. */
    public static final String SOURCE_DLQ_TOPIC_NAME = "kanal.errors.deadletterqueue.topic.name";

    /** {@code errors.tolerance}. */
    public static final ConfigKey<String> TOLERANCE = ConfigKey.builder("errors.tolerance", ConfigType.STRING)
            .defaultValue("none")
            .validator(Validators.oneOfIgnoringCase("none", "all"))
            .importance(Importance.MEDIUM)
            .group("Error Handling", 1)
            .documentation("Behavior for tolerating errors during connector operation. 'none' is the default value"
                    + " and signals that any error will result in an immediate connector task failure; 'all'"
                    + " changes the behavior to skip over problematic records.")
            .build();

    /** {@code errors.retry.timeout}. */
    public static final ConfigKey<Long> RETRY_TIMEOUT = ConfigKey.builder("errors.retry.timeout", ConfigType.LONG)
            .defaultValue(0L)
            .validator(Validators.atLeast(-1L))
            .importance(Importance.MEDIUM)
            .group("Error Handling", 2)
            .documentation("The maximum duration in milliseconds that a failed operation will be reattempted. The"
                    + " default is 0, which means no retries will be attempted. Use -1 for infinite retries.")
            .build();

    /** {@code errors.retry.delay.max.ms}. */
    public static final ConfigKey<Long> RETRY_DELAY_MAX_MS = ConfigKey.builder(
                    "errors.retry.delay.max.ms", ConfigType.LONG)
            .defaultValue(60_000L)
            .validator(Validators.atLeast(1L))
            .importance(Importance.MEDIUM)
            .group("Error Handling", 3)
            .documentation("The maximum duration in milliseconds between consecutive retry attempts. Jitter will be"
                    + " added to the delay once this limit is reached to prevent thundering herd issues.")
            .build();

    /** {@code errors.log.enable}. */
    public static final ConfigKey<Boolean> LOG_ENABLE = ConfigKey.builder("errors.log.enable", ConfigType.BOOLEAN)
            .defaultValue(false)
            .importance(Importance.MEDIUM)
            .group("Error Handling", 4)
            .documentation("If true, write each error and the details of the failed operation and problematic record"
                    + " to the Connect application log.")
            .build();

    /** {@code errors.log.include.messages}. */
    public static final ConfigKey<Boolean> LOG_INCLUDE_MESSAGES = ConfigKey.builder(
                    "errors.log.include.messages", ConfigType.BOOLEAN)
            .defaultValue(false)
            .importance(Importance.MEDIUM)
            .group("Error Handling", 5)
            .documentation("Whether to include in the log the Connect record that resulted in a failure.")
            .build();

    /** {@code errors.deadletterqueue.topic.name}. */
    public static final ConfigKey<String> DLQ_TOPIC = ConfigKey.builder(
                    "errors.deadletterqueue.topic.name", ConfigType.STRING)
            .defaultValue("")
            .importance(Importance.MEDIUM)
            .group("Error Handling", 6)
            .documentation("The name of the topic to be used as the dead letter queue (DLQ) for messages that result"
                    + " in an error when processed by this sink connector, or its transformations or converters.")
            .build();

    /** {@code errors.deadletterqueue.topic.replication.factor}. */
    public static final ConfigKey<Short> DLQ_REPLICATION_FACTOR = ConfigKey.builder(
                    "errors.deadletterqueue.topic.replication.factor", ConfigType.SHORT)
            .defaultValue((short) 3)
            .importance(Importance.MEDIUM)
            .group("Error Handling", 7)
            .documentation(
                    "Replication factor used to create the dead letter queue topic when it doesn't already" + " exist.")
            .build();

    /** {@code errors.deadletterqueue.context.headers.enable}. */
    public static final ConfigKey<Boolean> DLQ_CONTEXT_HEADERS = ConfigKey.builder(
                    "errors.deadletterqueue.context.headers.enable", ConfigType.BOOLEAN)
            .defaultValue(false)
            .importance(Importance.MEDIUM)
            .group("Error Handling", 8)
            .documentation("If true, add headers containing error context to the messages written to the dead letter"
                    + " queue.")
            .build();

    /** {@value #SOURCE_DLQ_TOPIC_NAME}. */
    public static final ConfigKey<String> SOURCE_DLQ_TOPIC = ConfigKey.builder(SOURCE_DLQ_TOPIC_NAME, ConfigType.STRING)
            .defaultValue("")
            .importance(Importance.MEDIUM)
            .group("Error Handling", 9)
            .documentation("Kanal only. The dead letter queue for source records whose transformation or conversion"
                    + " failed under errors.tolerance=all. Uses the replication factor and context-header settings of"
                    + " errors.deadletterqueue.*.")
            .build();

    /** Every key above. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(TOLERANCE)
            .define(RETRY_TIMEOUT)
            .define(RETRY_DELAY_MAX_MS)
            .define(LOG_ENABLE)
            .define(LOG_INCLUDE_MESSAGES)
            .define(DLQ_TOPIC)
            .define(DLQ_REPLICATION_FACTOR)
            .define(DLQ_CONTEXT_HEADERS)
            .define(SOURCE_DLQ_TOPIC)
            .build();

    /** Connect's defaults: fail at the first error, no retries, no log, no dead letter queue. */
    public static final ErrorSettings DEFAULTS = of(SPEC.parse(Map.of()));

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when one is out of range
     */
    public ErrorSettings {
        if (tolerance == null) {
            throw new IllegalArgumentException("tolerance is required");
        }
        if (retryTimeoutMs < -1 || retryDelayMaxMs < 1) {
            throw new IllegalArgumentException("errors.retry.timeout must be >= -1 and errors.retry.delay.max.ms >= 1");
        }
        dlqTopic = dlqTopic == null ? "" : dlqTopic.trim();
        sourceDlqTopic = sourceDlqTopic == null ? "" : sourceDlqTopic.trim();
    }

    /**
     * Reads the settings from a connector's configuration (other keys are ignored).
     *
     * @param connectorConfig the connector's configuration
     * @return the settings
     * @throws io.kanal.config.ConfigValidationException naming the key and the accepted values
     */
    public static ErrorSettings parse(Map<String, ?> connectorConfig) {
        return of(SPEC.parse(connectorConfig));
    }

    /**
     * Reads the settings from a parsed configuration that includes {@link #SPEC}.
     *
     * @param config the configuration
     * @return the settings
     */
    public static ErrorSettings of(ParsedConfig config) {
        return new ErrorSettings(
                Tolerance.valueOf(config.get(TOLERANCE).toUpperCase(Locale.ROOT)),
                config.get(RETRY_TIMEOUT),
                config.get(RETRY_DELAY_MAX_MS),
                config.get(LOG_ENABLE),
                config.get(LOG_INCLUDE_MESSAGES),
                config.get(DLQ_TOPIC),
                config.get(DLQ_REPLICATION_FACTOR),
                config.get(DLQ_CONTEXT_HEADERS),
                config.get(SOURCE_DLQ_TOPIC));
    }

    /**
     * Whether failures are skipped rather than fatal.
     *
     * @return {@code true} for {@code errors.tolerance=all}
     */
    public boolean toleratesAll() {
        return tolerance == Tolerance.ALL;
    }
}
