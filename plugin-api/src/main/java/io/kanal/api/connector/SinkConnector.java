package io.kanal.api.connector;

import io.kanal.api.sink.SinkConnectorContext;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ParsedConfig;
import java.util.Map;

/**
 * A connector that writes Kafka topics to an external system; Kafka Connect's {@code SinkConnector}. Its topics come
 * from the runtime's {@code topics} or {@code topics.regex} key and its tasks consume as group {@code
 * connect-<name>}. Threading as for {@link Connector}.
 */
public abstract class SinkConnector extends Connector {

    /** For subclasses: the runtime creates a sink connector through its public no-argument constructor. */
    protected SinkConnector() {}

    /** The runtime key that lists a sink's topics, as in Connect. */
    public static final String TOPICS_CONFIG = "topics";

    /**
     * The context of a sink connector.
     *
     * @return the context, or {@code null} before initialisation
     */
    @Override
    protected SinkConnectorContext context() {
        return (SinkConnectorContext) super.context();
    }

    /**
     * Checks, and may act on, a change of the consumer group's offsets requested through the REST API (KIP-875)
     * while the connector is stopped. A {@code null} offset resets its partition.
     *
     * @param config the connector's configuration
     * @param offsets the new offsets
     * @return {@code true} when the connector acknowledges the change; {@code false} (the default) when it does not
     *     know
     */
    public boolean alterOffsets(ParsedConfig config, Map<TopicPartition, Long> offsets) {
        return false;
    }
}
