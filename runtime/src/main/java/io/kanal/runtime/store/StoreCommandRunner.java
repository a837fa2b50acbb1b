package io.kanal.runtime.store;

import io.kanal.runtime.herder.HerderCommand;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.TargetState;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the herder's store commands ({@code WriteConnectorConfig}, {@code WriteTaskConfigs}, {@code
 * WriteTargetState}, {@code DeleteConnectorConfig}, {@code ResetOffsets}, {@code AlterOffsets}) on its own thread, {@code
 * kanal-store-config}, because they block on I/O; and turns what the {@link ConfigStore} reads into herder events.
 * The worker's {@code HerderActions} hands it every command and it takes the store's.
 *
 * <p>Order is the contract the herder relies on: commands run one at a time in the order given, and a write's read
 * events are submitted before its {@link HerderEvent.WriteCompleted}.
 */
public final class StoreCommandRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCommandRunner.class);

    private final ConfigStore configs;
    private final OffsetStore offsets;
    private final Consumer<HerderEvent> events;
    private final ToIntFunction<String> taskConfigGeneration;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "kanal-store-config"));

    /**
     * @param configs connector configs and target states
     * @param offsets source offsets
     * @param events where events go, typically {@code HerderLoop::submit}
     */
    public StoreCommandRunner(ConfigStore configs, OffsetStore offsets, Consumer<HerderEvent> events) {
        this(configs, offsets, events, connector -> -1);
    }

    /**
     * @param configs connector configs and target states
     * @param offsets source offsets
     * @param events where events go, typically {@code HerderLoop::submit}
     * @param taskConfigGeneration the store's task-config generation of a connector, asked on the store's reading
     *     thread while it tells the task configs (so it is theirs), and handed to the herder with them
     */
    public StoreCommandRunner(
            ConfigStore configs,
            OffsetStore offsets,
            Consumer<HerderEvent> events,
            ToIntFunction<String> taskConfigGeneration) {
        this.configs = Objects.requireNonNull(configs, "configs");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.events = Objects.requireNonNull(events, "events");
        this.taskConfigGeneration = Objects.requireNonNull(taskConfigGeneration, "taskConfigGeneration");
    }

    /**
     * Loads both stores, on the caller's thread, and submits the stored connectors to the herder.
     *
     * @throws StoreException when a store cannot be read
     */
    public void start() {
        offsets.start();
        configs.start(new ConfigStore.Listener() {
            @Override
            public void connectorConfig(String name, Optional<Map<String, String>> config) {
                events.accept(new HerderEvent.ConnectorConfigRead(name, config));
            }

            @Override
            public void taskConfigs(String name, List<Map<String, String>> taskConfigs) {
                events.accept(
                        new HerderEvent.TaskConfigsRead(name, taskConfigs, taskConfigGeneration.applyAsInt(name)));
            }

            @Override
            public void targetState(String name, TargetState state) {
                events.accept(new HerderEvent.TargetStateRead(name, state));
            }

            @Override
            public void restartRequest(String connector, boolean onlyFailed, boolean includeTasks) {
                events.accept(new HerderEvent.RestartRequestRead(connector, onlyFailed, includeTasks));
            }
        });
    }

    /**
     * Takes a store command and carries it out later on the store thread; leaves other commands alone.
     *
     * @param command any herder command
     * @return whether it was a store command
     */
    public boolean execute(HerderCommand command) {
        if (command instanceof HerderCommand.WriteConnectorConfig c) {
            write(c.requestId(), () -> configs.putConnectorConfig(c.name(), c.config(), c.initialState()));
        } else if (command instanceof HerderCommand.WriteTaskConfigs c) {
            write(c.requestId(), () -> configs.putTaskConfigs(c.name(), c.configs()));
        } else if (command instanceof HerderCommand.WriteTargetState c) {
            write(c.requestId(), () -> configs.putTargetState(c.name(), c.state()));
        } else if (command instanceof HerderCommand.WriteRestartRequest c) {
            write(c.requestId(), () -> configs.putRestartRequest(c.name(), c.onlyFailed(), c.includeTasks()));
        } else if (command instanceof HerderCommand.DeleteConnectorConfig c) {
            write(c.requestId(), () -> configs.removeConnector(c.name()));
        } else if (command instanceof HerderCommand.ResetOffsets c) {
            thread.execute(() -> events.accept(new HerderEvent.OffsetsReset(
                    c.requestId(), attempt(() -> offsets.reset(c.name())).map(f -> "Failed to reset offsets: " + f))));
        } else if (command instanceof HerderCommand.AlterOffsets c) {
            thread.execute(() -> events.accept(new HerderEvent.OffsetsReset(
                    c.requestId(),
                    attempt(() -> offsets.write(c.name(), c.offsets())).map(f -> "Failed to alter offsets: " + f))));
        } else {
            return false;
        }
        return true;
    }

    private void write(long requestId, Runnable write) {
        thread.execute(() -> events.accept(new HerderEvent.WriteCompleted(requestId, attempt(write))));
    }

    private static Optional<String> attempt(Runnable action) {
        try {
            action.run();
            return Optional.empty();
        } catch (StoreException e) {
            if (e.refusedForNow()) {
                LOG.warn("A store write was refused for now: {}", e.getMessage());
            } else {
                LOG.error("A store write failed", e);
            }
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("A store write failed unexpectedly", e);
            return Optional.of(e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /** Finishes the commands already taken, then stops the store thread and closes both stores. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Store commands did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        configs.close();
        offsets.close();
    }
}
