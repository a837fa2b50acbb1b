package io.kanal.runtime.convert;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.Validators;

/**
 * The configuration keys Kafka Connect's built-in converters share, with Connect's names, defaults and accepted
 * values. Immutable; thread-safe.
 */
final class ConverterConfigs {

    /**
     * Connect's {@code converter.type}: how the converter is used. The worker sets it ({@code key} or {@code value}
     * from {@code configure(config, isKey)}, {@code header} for header converters), so it is optional here; when
     * given it must be one of Connect's three values, case-sensitive as in Connect.
     */
    static final ConfigKey<String> TYPE = ConfigKey.builder("converter.type", ConfigType.STRING)
            .validator(Validators.oneOf("key", "value", "header"))
            .importance(Importance.LOW)
            .documentation("How this converter will be used.")
            .build();

    /** The spec of converters with no setting but {@code converter.type}. */
    static final ConfigSpec TYPE_ONLY = ConfigSpec.builder().define(TYPE).build();

    /** The empty spec of {@code SimpleHeaderConverter}, which has no settings. */
    static final ConfigSpec NONE = ConfigSpec.builder().build();

    private ConverterConfigs() {}
}
