package io.kanal.runtime.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Header;
import io.kanal.api.data.Headers;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes every header whose key is one of the configured names: Kafka Connect's {@code
 * org.apache.kafka.connect.transforms.DropHeaders}, with the same key ({@code headers}: a non-empty list of non-empty
 * names; duplicates are ignored).
 *
 * <p>Threading: {@link #configure} once, then {@link #apply} from the task thread that owns this instance; after
 * configuration the state is immutable, so concurrent {@code apply} calls are safe too.
 *
 * @param <R> the record type
 */
public final class DropHeaders<R extends ConnectRecord<R>> implements Transformation<R> {

    /** The header names to remove. */
    public static final ConfigKey<List<String>> HEADERS = ConfigKey.builder("headers", ConfigType.LIST)
            .required()
            .validator(Validators.nonEmptyList().and(Validators.eachElement(Validators.nonEmptyString())))
            .importance(Importance.HIGH)
            .documentation("The name of the headers to be removed.")
            .build();

    /** This transform's configuration. */
    public static final ConfigSpec CONFIG_SPEC =
            ConfigSpec.builder().define(HEADERS).build();

    private Set<String> names = Set.of();

    /** Creates an unconfigured transform; the runtime calls {@link #configure} next. */
    public DropHeaders() {}

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
     * Reads the header names.
     *
     * @param config parsed against {@link #CONFIG_SPEC}
     */
    @Override
    public void configure(ParsedConfig config) {
        names = Set.copyOf(new LinkedHashSet<>(config.get(HEADERS)));
    }

    /**
     * Drops the configured headers, keeping the others in order.
     *
     * @param record the record
     * @return the record without those headers; the record itself when it has none of them
     */
    @Override
    public R apply(R record) {
        Headers headers = record.headers();
        List<Header> kept = new ArrayList<>(headers.size());
        for (Header header : headers) {
            if (!names.contains(header.key())) {
                kept.add(header);
            }
        }
        if (kept.size() == headers.size()) {
            return record;
        }
        return record.newRecord(
                record.topic(),
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                record.valueSchema(),
                record.value(),
                record.timestamp(),
                Headers.of(kept));
    }

    /**
     * The names dropped.
     *
     * @return for example {@code DropHeaders{headers=[a, b]}}
     */
    @Override
    public String toString() {
        return "DropHeaders{headers=" + names + "}";
    }
}
