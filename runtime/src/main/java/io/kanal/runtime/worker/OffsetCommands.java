package io.kanal.runtime.worker;

import io.kanal.runtime.herder.HerderCommand;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.store.StoreCommandRunner;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The herder's {@code AlterOffsets} and {@code ResetOffsets} commands (KIP-875), routed by what the connector is:
 *
 * <ul>
 *   <li>a sink connector: its consumer group, through an admin client ({@link WorkerOffsets#alterSink});
 *   <li>a source connector with its own offsets topic (KIP-618): both stores ({@link WorkerOffsets#alterSource});
 *   <li>any other source connector: the worker's offset store, on the store thread ({@link StoreCommandRunner}).
 * </ul>
 *
 * With exactly-once source support, a source connector's task producers are fenced first ({@link
 * OffsetChangeFencing}), as Connect's leader does before it changes the offsets of such a connector: a zombie task of
 * it cannot commit a transaction over the changed offsets. A failed fencing fails the request and changes nothing.
 *
 * <p><b>Threading.</b> {@link #execute} runs on the herder thread and never blocks: the work runs on the worker's
 * operations threads (or the store thread), and the result goes back to the herder as an {@code OffsetsReset} event.
 */
final class OffsetCommands {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommands.class);

    private final WorkerOffsets offsets;
    private final StoreCommandRunner stores;
    private final OffsetChangeFencing fencing;
    private final Executor operations;
    private final Consumer<HerderEvent> events;
    private final Duration budget;

    /**
     * @param offsets reads and changes the offsets
     * @param stores the worker's store thread, for the worker's offset store
     * @param fencing run before a source connector's offsets change; {@link OffsetChangeFencing#NONE} without
     *     exactly-once source support
     * @param operations the worker's operations threads
     * @param events where the results go
     * @param budget how long a sink connector's change may wait for the broker
     */
    OffsetCommands(
            WorkerOffsets offsets,
            StoreCommandRunner stores,
            OffsetChangeFencing fencing,
            Executor operations,
            Consumer<HerderEvent> events,
            Duration budget) {
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.fencing = Objects.requireNonNull(fencing, "fencing");
        this.operations = Objects.requireNonNull(operations, "operations");
        this.events = Objects.requireNonNull(events, "events");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /**
     * Takes an offsets command; leaves other commands alone.
     *
     * @param command any herder command
     * @return whether it was an offsets command
     */
    boolean execute(HerderCommand command) {
        if (command instanceof HerderCommand.AlterOffsets c) {
            route(
                    c,
                    c.requestId(),
                    c.name(),
                    c.config(),
                    () -> offsets.alterSink(c.name(), c.config(), c.offsets(), budget),
                    () -> offsets.alterSource(c.name(), c.config(), c.offsets()));
            return true;
        }
        if (command instanceof HerderCommand.ResetOffsets c) {
            route(
                    c,
                    c.requestId(),
                    c.name(),
                    c.config(),
                    () -> offsets.resetSink(c.name(), c.config(), budget),
                    () -> offsets.resetSource(c.name(), c.config()));
            return true;
        }
        return false;
    }

    private void route(
            HerderCommand command,
            long requestId,
            String connector,
            Map<String, String> config,
            Supplier<Optional<String>> sink,
            Supplier<Optional<String>> ownTopic) {
        if (offsets.isSink(config)) {
            operations.execute(() -> reply(requestId, sink.get()));
            return;
        }
        boolean hasOwnTopic = offsets.hasOwnTopic(connector, config);
        if (fencing == OffsetChangeFencing.NONE && !hasOwnTopic) {
            stores.execute(command); // the worker's store, on the store thread; it answers
            return;
        }
        operations.execute(() -> {
            Optional<String> fenced = fence(connector);
            if (fenced.isPresent()) {
                reply(requestId, fenced);
            } else if (hasOwnTopic) {
                reply(requestId, ownTopic.get());
            } else {
                stores.execute(command);
            }
        });
    }

    /** Fences the connector's task producers; why it failed, when it did. */
    private Optional<String> fence(String connector) {
        try {
            fencing.fence(connector);
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("Failed to fence the tasks of source connector {} before changing its offsets", connector, e);
            return Optional.of("Failed to perform zombie fencing for source connector " + connector
                    + " before changing its offsets: " + e.getMessage());
        }
    }

    private void reply(long requestId, Optional<String> failure) {
        events.accept(new HerderEvent.OffsetsReset(requestId, failure));
    }
}
