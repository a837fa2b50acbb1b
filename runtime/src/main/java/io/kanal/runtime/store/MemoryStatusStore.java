package io.kanal.runtime.store;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.Status;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Statuses in memory, for standalone mode (as Connect's {@code MemoryStatusBackingStore}). Thread-safe: written by
 * the {@code kanal-herder} thread, read by REST threads.
 */
public final class MemoryStatusStore implements StatusStore {

    private final Map<String, Status> connectors = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<ConnectorTaskId, Status> tasks = new ConcurrentSkipListMap<>();

    /** Creates an empty store. */
    public MemoryStatusStore() {}

    @Override
    public void putConnector(String connector, Status status) {
        connectors.put(connector, status);
    }

    @Override
    public void putTask(ConnectorTaskId task, Status status) {
        tasks.put(task, status);
    }

    @Override
    public void removeConnector(String connector) {
        connectors.remove(connector);
        tasks.keySet().removeIf(id -> id.connector().equals(connector));
    }

    @Override
    public void removeTask(ConnectorTaskId task) {
        tasks.remove(task);
    }

    @Override
    public Optional<Status> connector(String connector) {
        return Optional.ofNullable(connectors.get(connector));
    }

    @Override
    public Optional<Status> task(ConnectorTaskId task) {
        return Optional.ofNullable(tasks.get(task));
    }

    @Override
    public Map<ConnectorTaskId, Status> tasks(String connector) {
        Map<ConnectorTaskId, Status> result = new TreeMap<>();
        tasks.subMap(new ConnectorTaskId(connector, 0), true, new ConnectorTaskId(connector, Integer.MAX_VALUE), true)
                .forEach(result::put);
        return Collections.unmodifiableMap(result);
    }
}
