package io.kanal.testkit.plugins;

import io.kanal.api.connector.ConnectorContext;
import io.kanal.api.sink.SinkConnectorContext;
import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceConnectorContext;
import io.kanal.api.source.SourceTaskContext;
import io.kanal.api.source.TransactionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The contexts the kit hands connectors and source tasks ({@link RecordingSinkTaskContext} is the sink task's). A
 * connector that calls {@link ConnectorContext#raiseError} has it recorded, and the lifecycle tests fail on it.
 *
 * <p>Threading: thread-safe, as the runtime's contexts are.
 */
final class KitContexts {

    private KitContexts() {}

    /** A connector context that records what the connector raises. */
    static class Connector implements ConnectorContext {
        private final List<Exception> raised = new CopyOnWriteArrayList<>();

        @Override
        public void requestTaskReconfiguration() {
            // The tests ask for task configs themselves; a request changes nothing they check.
        }

        @Override
        public void raiseError(Exception error) {
            raised.add(error);
        }

        /** The errors raised so far. */
        List<Exception> raised() {
            return List.copyOf(raised);
        }
    }

    /** A source connector context over committed offsets. */
    static final class SourceConnector extends Connector implements SourceConnectorContext {
        private final OffsetReader reader;

        SourceConnector(CommittedOffsets offsets) {
            this.reader = offsets.reader();
        }

        @Override
        public OffsetReader offsetReader() {
            return reader;
        }
    }

    /** A sink connector context. */
    static final class SinkConnector extends Connector implements SinkConnectorContext {}

    /** A source task context over committed offsets, without transactions. */
    static SourceTaskContext sourceTask(Map<String, String> configs, CommittedOffsets offsets) {
        OffsetReader reader = offsets.reader();
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return configs;
            }

            @Override
            public OffsetReader offsetReader() {
                return reader;
            }

            @Override
            public Optional<TransactionContext> transactionContext() {
                return Optional.empty();
            }
        };
    }
}
