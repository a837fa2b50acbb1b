package io.kanal.runtime.transform.field;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import java.util.Locale;

/**
 * How a transform reads the field names in its configuration (Kafka Connect's KIP-821, key {@value #CONFIG}).
 * {@link #V1}, the default, takes each name literally as a top-level field; {@link #V2} reads dotted paths into
 * nested structs and maps, with backticks around names that contain dots. Immutable and thread-safe.
 */
public enum FieldSyntaxVersion {
    /** A field name is one top-level field, dots included. */
    V1,
    /** A field name is a dotted path; see {@link SingleFieldPath} for the escaping rules. */
    V2;

    /** The configuration key, as in Kafka Connect. */
    public static final String CONFIG = "field.syntax.version";

    /**
     * The key's definition: a string, {@code V1} or {@code V2} in any case, default {@code V1}. Transforms that
     * support nested paths add it to their spec.
     */
    public static final ConfigKey<String> CONFIG_KEY = ConfigKey.builder(CONFIG, ConfigType.STRING)
            .defaultValue(V1.name())
            .validator(Validators.oneOfIgnoringCase(V1.name(), V2.name()))
            .importance(Importance.HIGH)
            .documentation("How field names in this transform's configuration are read. V1 (the default) names a"
                    + " top-level field of the struct or map. V2 reads a dotted path into nested structs or maps;"
                    + " a name that itself contains dots is wrapped in backticks, for example `foo.bar`.baz.")
            .build();

    /**
     * Reads the version from a configuration whose spec includes {@link #CONFIG_KEY}.
     *
     * @param config the parsed configuration
     * @return the version
     */
    public static FieldSyntaxVersion fromConfig(ParsedConfig config) {
        // The validator has already accepted the value, ignoring case.
        return valueOf(config.get(CONFIG_KEY).toUpperCase(Locale.ROOT));
    }
}
