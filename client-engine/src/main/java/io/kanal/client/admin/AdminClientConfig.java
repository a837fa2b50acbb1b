package io.kanal.client.admin;

import io.kanal.client.config.CommonClientConfigs;
import io.kanal.config.ConfigSpec;

/**
 * The admin client's settings: the common client keys with Kafka's names and defaults ({@code bootstrap.servers},
 * {@code client.id}, {@code request.timeout.ms}, {@code default.api.timeout.ms}, {@code retry.backoff.ms},
 * {@code retry.backoff.max.ms}, ...). The admin client adds no key of its own.
 */
public final class AdminClientConfig {
    /** Every key the admin client understands. */
    public static final ConfigSpec SPEC =
            ConfigSpec.builder().include(CommonClientConfigs.SPEC).build();

    private AdminClientConfig() {}
}
