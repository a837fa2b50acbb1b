package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.errors.DataException;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.TimeZone;

/**
 * Renames the topic from the original topic and the record timestamp: Kafka Connect's {@code
 * org.apache.kafka.connect.transforms.TimestampRouter}. {@code topic.format} (default {@code ${topic}-${timestamp}})
 * has its {@code ${topic}} placeholders replaced by the topic and then its {@code ${timestamp}} placeholders by the
 * timestamp formatted in UTC with {@code timestamp.format}, a {@link SimpleDateFormat} pattern (default {@code
 * yyyyMMdd}), in that order as in Connect. A record without a timestamp is a {@link DataException}.
 *
 * <p>Unlike Connect, an invalid {@code timestamp.format} is a configuration error at {@link #configure} time instead
 * of an exception on the first record.
 *
 * <p>Threading: confined to the task thread that owns the instance, as every transform is: the {@link
 * SimpleDateFormat} and the last formatted span of time (consecutive records mostly share one) are not
 * thread-safe.
 *
 * @param <R> the record type
 */
public final class TimestampRouter<R extends ConnectRecord<R>> implements Transformation<R> {

    private static final String TOPIC_PLACEHOLDER = "${topic}";
    private static final String TIMESTAMP_PLACEHOLDER = "${timestamp}";

    /** The format of the new topic. */
    public static final ConfigKey<String> TOPIC_FORMAT = ConfigKey.builder("topic.format", ConfigType.STRING)
            .defaultValue("${topic}-${timestamp}")
            .importance(Importance.HIGH)
            .documentation("Format string which can contain ${topic} and ${timestamp} as placeholders for the topic"
                    + " and timestamp, respectively.")
            .build();

    /** The {@link SimpleDateFormat} pattern of the timestamp, in UTC. */
    public static final ConfigKey<String> TIMESTAMP_FORMAT = ConfigKey.builder("timestamp.format", ConfigType.STRING)
            .defaultValue("yyyyMMdd")
            .validator(Validators.satisfies(
                    TimestampRouter::isDateFormat, "must be a valid java.text.SimpleDateFormat pattern"))
            .importance(Importance.HIGH)
            .documentation("Format string for the timestamp that is compatible with java.text.SimpleDateFormat.")
            .build();

    /** This transform's configuration. */
    public static final ConfigSpec CONFIG_SPEC =
            ConfigSpec.builder().define(TOPIC_FORMAT).define(TIMESTAMP_FORMAT).build();

    private String topicFormat;
    private SimpleDateFormat formatter;

    /**
     * The shortest span of time the pattern can tell apart, in milliseconds: a day for {@code yyyyMMdd}. Timestamps
     * in the same span format the same, since the zone is UTC and every span is aligned to the epoch.
     */
    private long period;

    /** The span ({@code floorDiv(timestamp, period)}) last formatted, valid when {@link #lastFormatted} is set. */
    private long lastSpan;

    private String lastFormatted;

    /** Creates an unconfigured transform; the runtime calls {@link #configure} next. */
    public TimestampRouter() {}

    private static boolean isDateFormat(String pattern) {
        try {
            new SimpleDateFormat(pattern);
            return true;
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    /**
     * The configuration keys.
     *
     * @return {@link #CONFIG_SPEC}
     */
    @Override
    public ConfigSpec configSpec() {
        return CONFIG_SPEC;
    }

    /**
     * Reads both formats.
     *
     * @param config parsed against {@link #CONFIG_SPEC}
     */
    @Override
    public void configure(ParsedConfig config) {
        topicFormat = config.get(TOPIC_FORMAT);
        SimpleDateFormat format = new SimpleDateFormat(config.get(TIMESTAMP_FORMAT));
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        formatter = format;
        period = FormatPeriod.of(config.get(TIMESTAMP_FORMAT));
        lastFormatted = null;
    }

    /**
     * Renames the topic.
     *
     * @param record the record
     * @return a copy with the new topic
     * @throws DataException when the record has no timestamp
     */
    @Override
    public R apply(R record) {
        Long timestamp = record.timestamp();
        if (timestamp == null) {
            throw new DataException("Timestamp missing on record: " + record);
        }
        String topic = topicFormat.replace(TOPIC_PLACEHOLDER, record.topic());
        // Placeholders are replaced in Connect's order: a topic that itself contains "${timestamp}" gets it replaced.
        if (topic.contains(TIMESTAMP_PLACEHOLDER)) {
            topic = topic.replace(TIMESTAMP_PLACEHOLDER, format(timestamp));
        }
        return record.newRecord(
                topic,
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                record.valueSchema(),
                record.value(),
                timestamp,
                record.headers());
    }

    private String format(long timestamp) {
        // A task's records mostly fall on the same day (or hour...): format once per span, not once per record.
        long span = Math.floorDiv(timestamp, period);
        if (lastFormatted == null || lastSpan != span) {
            lastFormatted = formatter.format(new Date(timestamp));
            lastSpan = span;
        }
        return lastFormatted;
    }

    /**
     * The formats.
     *
     * @return for example {@code TimestampRouter{topic.format=${topic}-${timestamp}, timestamp.format=yyyyMMdd}}
     */
    @Override
    public String toString() {
        return "TimestampRouter{topic.format=" + topicFormat + ", timestamp.format="
                + (formatter == null ? null : formatter.toPattern()) + "}";
    }
}
