package io.kanal.api.connector;

import io.kanal.api.source.ConnectorTransactionBoundaries;
import io.kanal.api.source.ExactlyOnceSupport;
import io.kanal.api.source.SourceConnectorContext;
import io.kanal.config.ParsedConfig;
import java.util.Map;
import java.util.Optional;

/**
 * A connector that reads an external system into Kafka; Kafka Connect's {@code SourceConnector}. Threading as for
 * {@link Connector}.
 */
public abstract class SourceConnector extends Connector {

    /** For subclasses: the runtime creates a source connector through its public no-argument constructor. */
    protected SourceConnector() {}

    /**
     * The context, with the offset reader of a source connector.
     *
     * @return the context, or {@code null} before initialisation
     */
    @Override
    protected SourceConnectorContext context() {
        return (SourceConnectorContext) super.context();
    }

    /**
     * Whether this connector can run with exactly-once delivery with the given configuration (KIP-618). Empty, the
     * default, means the connector does not say, which Connect reports as a {@code null}; a connector configured with
     * {@code exactly.once.support=required} then fails validation.
     *
     * @param config the connector's configuration
     * @return the support, or empty
     */
    public Optional<ExactlyOnceSupport> exactlyOnceSupport(ParsedConfig config) {
        return Optional.empty();
    }

    /**
     * Whether this connector's tasks can define their own transaction boundaries with the given configuration.
     *
     * <p>{@code null} means the connector did not answer: Connect lets a connector return it (and refuses it in
     * validation), so a Connect connector run through the bridge may. The runtime treats it as {@link
     * ConnectorTransactionBoundaries#UNSUPPORTED}: a connector configured with {@code transaction.boundary=connector}
     * fails validation with Connect's message for a null answer. Kanal connectors should not return it.
     *
     * @param config the connector's configuration
     * @return {@link ConnectorTransactionBoundaries#UNSUPPORTED} by default; {@code null} when the connector did not
     *     answer
     */
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(ParsedConfig config) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    /**
     * Checks, and may act on, an offset change requested through {@code PATCH} or {@code DELETE
     * /connectors/{name}/offsets} (KIP-875) while the connector is stopped. A {@code null} offset resets its
     * partition.
     *
     * @param config the connector's configuration
     * @param offsets the new offsets by source partition
     * @return {@code true} when the connector acknowledges the change; {@code false} (the default) when it does not
     *     know, and the runtime applies the change with a note that the connector could not confirm it
     */
    public boolean alterOffsets(ParsedConfig config, Map<Map<String, ?>, Map<String, ?>> offsets) {
        return false;
    }
}
