package io.kanal.runtime.store.kafka;

import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.producer.RecordMetadata;
import io.kanal.client.resource.ClientResources;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.ConfigStore;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.ConfigTopicReplay.Applied;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed mode's config store: Connect's config topic ({@code config.storage.topic}), read with Connect's rules
 * ({@link ConfigTopicReplay}) and written with Connect's records ({@link ConfigRecordCodec}), so that Kanal and Apache
 * workers can share it. Every change, whoever wrote it, reaches the {@link ConfigStore.Listener} from the tail thread
 * {@code kanal-store-<config topic>}; a write method produces its records, waits for their acknowledgement and then
 * reads the topic to its end, so it returns after the listener has seen the change.
 *
 * <p><b>Threading.</b> The replay and the set of connectors told to the listener belong to the thread reading the
 * topic (the caller of {@link #start} during the initial read, the tail thread {@code kanal-store-<config topic>}
 * after), guarded by {@code replayLock} so that start's report and the first tailed records cannot interleave. Writes
 * are serialized on this object's monitor; in a distributed worker they come from four threads: the worker's store
 * thread {@code kanal-store-config} (connector and task configs, target states, restart requests), {@code
 * kanal-session-key-<worker>} (session keys), REST request threads (cluster-wide logger levels) and the leader's
 * fencing threads {@code kanal-fencing-<worker>-<n>} (task-count records); {@code kanal-config-leader-<worker>} claims
 * and releases the leader's transactional id under the same monitor. Never from the tail thread (the listener must
 * not write: it would wait for itself). {@link #readToEnd} is called from the group's thread {@code
 * kanal-group-<worker>}, task threads (after a task took its transactional id), the fencing threads and REST threads
 * (health); {@link #leadership} from the group's thread. {@link #configSnapshot()}, {@link #snapshot()} and {@link
 * #offset()} read a volatile immutable snapshot from any thread.
 *
 * <p><b>The leader's writes (KIP-618).</b> With a transactional leader ({@code exactly.once.source.support} {@code
 * preparing} or {@code enabled}), the writes {@link LeaderWriteRules} names the leader's are {@link
 * LeaderConfigWrites}' (one transaction each, only while this worker leads, leadership given up after a failed write);
 * target states and logger levels stay plain writes from any worker, as in Connect.
 */
public final class KafkaConfigStore implements ConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConfigStore.class);
    /** Between reads back of a transactional write, while its markers are not written yet. */
    private static final Duration READ_BACK_PAUSE = Duration.ofMillis(10);

    private final KafkaStoreSettings settings;
    private final ConfigRecordCodec codec = new ConfigRecordCodec();
    private final ConfigTopicReplay replay = new ConfigTopicReplay(codec);
    private final InternalTopicLog log;
    private final Object replayLock = new Object();
    /** Connectors whose config the listener was told; tail thread, under {@code replayLock}. */
    private final Set<String> told = new HashSet<>();

    /** The leader's transactional writes; null unless the worker has a transactional leader. Under the monitor. */
    private final LeaderConfigWrites leaderWrites;

    private volatile ConfigSnapshot latest = ConfigSnapshot.EMPTY;
    private volatile Listener listener;

    /**
     * Describes the store; nothing happens until {@link #start}.
     *
     * @param settings the worker's store settings
     * @param resources the worker's shared client resources (closed by the caller after this store); null for
     *     private ones
     */
    public KafkaConfigStore(KafkaStoreSettings settings, ClientResources resources) {
        this(settings, resources, false, () -> {});
    }

    /**
     * Describes the store; nothing happens until {@link #start}.
     *
     * @param settings the worker's store settings
     * @param resources the worker's shared client resources (closed by the caller after this store); null for
     *     private ones
     * @param transactionalLeader whether the leader writes transactionally ({@code exactly.once.source.support}
     *     {@code preparing} or {@code enabled})
     * @param onFenced told, without blocking, when a leader's write failed (fenced, refused, or of unknown outcome): the
     *     worker rejoins its group to learn whether it still leads
     */
    public KafkaConfigStore(
            KafkaStoreSettings settings, ClientResources resources, boolean transactionalLeader, Runnable onFenced) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(onFenced, "onFenced");
        this.leaderWrites = transactionalLeader
                ? new LeaderConfigWrites(
                        settings.configTopic().name(),
                        settings.groupId(),
                        new TransactionalConfigWriter(
                                settings.configTopic().name(),
                                settings.groupId(),
                                settings.clientProperties(),
                                settings.groupId() + "-configs-leader",
                                resources,
                                settings.timeout()),
                        codec,
                        onFenced,
                        () -> readToEnd(settings.timeout()))
                : null;
        this.log = new InternalTopicLog(
                KafkaStoreSettings.CONFIG_TOPIC,
                settings.configTopic(),
                true,
                settings.clientProperties(),
                settings.groupId() + "-configs",
                resources,
                this::onRecord,
                settings.timeout());
    }

    /**
     * Creates or checks the topic, reads it whole, reports the state to the listener (per connector: target state,
     * config, committed task configs) and starts tailing.
     *
     * @param listener receives the state now and every change later, on the tail thread
     * @throws StoreException when the topic cannot be created, is not usable, or cannot be read
     */
    @Override
    public void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        log.start();
        synchronized (replayLock) {
            ConfigSnapshot snapshot = replay.snapshot();
            latest = snapshot;
            for (String connector : new TreeSet<>(snapshot.connectorConfigs().keySet())) {
                listener.targetState(connector, snapshot.targetState(connector).orElse(TargetState.RUNNING));
                listener.connectorConfig(
                        connector, Optional.of(snapshot.connectorConfigs().get(connector)));
                if (snapshot.taskCounts().containsKey(connector)) {
                    listener.taskConfigs(connector, snapshot.taskConfigList(connector));
                }
                told.add(connector);
            }
            this.listener = listener;
        }
        LOG.info(
                "Config store started on topic '{}' at offset {} with {} connectors",
                log.topic(),
                latest.offset(),
                latest.connectorConfigs().size());
    }

    @Override
    public synchronized void putConnectorConfig(
            String name, Map<String, String> config, Optional<TargetState> initialState) {
        List<ConfigRecord> records = new ArrayList<>(2);
        if (!latest.connectorConfigs().containsKey(name) && initialState.isPresent()) {
            // as Connect: the target state first, so that no worker ever starts the new connector in the wrong state
            records.add(new ConfigRecord.TargetStateChange(name, initialState.get()));
        }
        records.add(new ConfigRecord.ConnectorConfig(name, config));
        write("the config of connector '" + name + "'", records);
    }

    @Override
    public synchronized void removeConnector(String name) {
        if (!latest.connectorConfigs().containsKey(name)) {
            return;
        }
        write(
                "the deletion of connector '" + name + "'",
                List.of(new ConfigRecord.ConnectorRemoved(name), new ConfigRecord.TargetStateRemoved(name)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>As Connect: reads to the end first, then writes {@code task-<c>-<n>} for every task and {@code commit-<c>}
     * last; other workers apply the task configs only when they read the commit.
     */
    @Override
    public synchronized void putTaskConfigs(String name, List<Map<String, String>> configs) {
        readToEnd(settings.timeout());
        if (!latest.connectorConfigs().containsKey(name)) {
            return;
        }
        List<ConfigRecord> records = new ArrayList<>(configs.size() + 1);
        for (int i = 0; i < configs.size(); i++) {
            records.add(new ConfigRecord.TaskConfig(new ConnectorTaskId(name, i), configs.get(i)));
        }
        records.add(new ConfigRecord.TaskCommit(name, configs.size()));
        write("the task configs of connector '" + name + "'", records);
    }

    @Override
    public synchronized void putTargetState(String name, TargetState state) {
        if (!latest.connectorConfigs().containsKey(name)) {
            return;
        }
        write("the target state of connector '" + name + "'", List.of(new ConfigRecord.TargetStateChange(name, state)));
    }

    /**
     * Writes a restart request (KIP-745); every worker's listener gets {@link Listener#restartRequest}.
     *
     * @param connector the connector's name
     * @param onlyFailed whether only failed instances restart
     * @param includeTasks whether its tasks restart too
     * @throws StoreException when the record cannot be written or read back in time
     */
    @Override
    public synchronized void putRestartRequest(String connector, boolean onlyFailed, boolean includeTasks) {
        write(
                "a restart request for connector '" + connector + "'",
                List.of(new ConfigRecord.RestartRequest(connector, includeTasks, onlyFailed)));
    }

    /**
     * Writes a new session key (KIP-507); every worker's listener gets {@link Listener#sessionKey}.
     *
     * @param key the key
     * @throws StoreException when the record cannot be written or read back in time
     */
    public synchronized void putSessionKey(ConfigRecord.SessionKey key) {
        write("the session key", List.of(key));
    }

    /**
     * Writes a cluster-wide log level (KIP-976); every worker's listener gets {@link Listener#loggerLevel}.
     *
     * @param namespace the logger namespace
     * @param level the level's name
     * @throws StoreException when the record cannot be written or read back in time
     */
    public synchronized void putLoggerLevel(String namespace, String level) {
        write("the level of logger '" + namespace + "'", List.of(new ConfigRecord.LoggerLevel(namespace, level)));
    }

    /**
     * Writes {@code task-count-record-<c>} (KIP-618): the leader's record that the generations of the connector's tasks
     * before the current one are fenced out.
     *
     * @param connector the connector's name
     * @param taskCount the connector's current task count
     * @throws StoreException when the record cannot be written or read back in time
     */
    public synchronized void putTaskCountRecord(String connector, int taskCount) {
        write(
                "the task count record of connector '" + connector + "'",
                List.of(new ConfigRecord.TaskCount(connector, taskCount)));
    }

    /**
     * Whether this worker leads its group's current generation, from the group's thread on every assignment. Does not
     * block: taking or releasing the transactional id is {@link #claimWritePrivileges()}'s and {@link
     * #relinquishWritePrivileges()}'s.
     *
     * @param leads whether this worker is the leader
     */
    public void leadership(boolean leads) {
        if (leaderWrites != null) {
            leaderWrites.leadership(leads);
        }
    }

    /**
     * Takes the leader's transactional id now, fencing any earlier leader's producer (Connect's {@code
     * claimWritePrivileges}); nothing without a transactional leader, when not the leader, or when held already.
     *
     * @throws StoreException when the id cannot be taken; the next leader's write tries again
     */
    public synchronized void claimWritePrivileges() {
        if (leaderWrites != null) {
            leaderWrites.claim();
        }
    }

    /** Closes the leader's transactional producer, if held (this worker no longer leads). */
    public synchronized void relinquishWritePrivileges() {
        if (leaderWrites != null) {
            leaderWrites.relinquish();
        }
    }

    /**
     * Whether this worker holds the leader's transactional producer now.
     *
     * @return true when held
     */
    public synchronized boolean holdsWritePrivileges() {
        return leaderWrites != null && leaderWrites.held();
    }

    @Override
    public Snapshot snapshot() {
        ConfigSnapshot s = latest;
        Map<String, TargetState> states = new HashMap<>();
        Map<String, List<Map<String, String>>> tasks = new HashMap<>();
        for (String connector : s.connectorConfigs().keySet()) {
            states.put(connector, s.targetState(connector).orElse(TargetState.RUNNING));
            if (s.taskCounts().containsKey(connector)) {
                tasks.put(connector, s.taskConfigList(connector));
            }
        }
        return new Snapshot(s.connectorConfigs(), states, tasks);
    }

    /**
     * Connect's {@code ClusterConfigState}: everything read so far, including session key, task counts, fencing
     * state and inconsistent connectors.
     *
     * @return the snapshot; {@link ConfigSnapshot#EMPTY} before start
     */
    public ConfigSnapshot configSnapshot() {
        return latest;
    }

    /**
     * Connect's config offset ({@code ClusterConfigState.offset()}, which the leader puts in every assignment): the
     * offset of the next record to read, one past the last record applied; -1 before any record.
     *
     * @return the offset
     */
    public long offset() {
        return latest.offset();
    }

    /**
     * Waits until every record written to the topic before this call has been read and told to the listener (the
     * leader does this before assigning; a worker before it uses an assignment whose config offset is ahead of its
     * own).
     *
     * @param timeout the longest wait
     * @throws StoreException on timeout or when the topic cannot be read
     */
    public void readToEnd(Duration timeout) {
        log.readToEnd(timeout);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (leaderWrites != null) {
                leaderWrites.close();
            }
        }
        log.close();
    }

    /**
     * Produces the records in order (in one transaction when they are the leader's and the leader writes
     * transactionally), waits for every acknowledgement, then reads back to the end.
     */
    private void write(String what, List<ConfigRecord> records) {
        if (listener == null) {
            throw new IllegalStateException("the config store has not been started");
        }
        LeaderWriteRules.Decision decision =
                leaderWrites == null ? LeaderWriteRules.Decision.PLAIN : leaderWrites.decide(records);
        switch (decision) {
            case PLAIN -> {
                writePlain(what, records);
                readToEnd(settings.timeout());
            }
            case REFUSE -> throw leaderWrites.refused(what);
            case CLAIM_THEN_TRANSACTIONAL, TRANSACTIONAL -> readBack(what, leaderWrites.write(what, records));
        }
    }

    /**
     * Whether this worker may make the leader's writes now (it leads the last generation, and no leader's write failed
     * since); always false without a transactional leader.
     *
     * @return true when it may
     */
    public boolean leadsForWrites() {
        return leaderWrites != null && leaderWrites.leadsForWrites();
    }

    /**
     * Reads the topic until the record at {@code lastOffset} has been told to the listener. A {@code read_committed}
     * reader's end is the last stable offset, which passes a committed transaction only once the broker has written
     * its markers, a moment after the commit returns: one read to the end may stop short of it.
     */
    private void readBack(String what, long lastOffset) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        readToEnd(settings.timeout());
        while (latest.offset() <= lastOffset) {
            if (System.nanoTime() - deadline > 0) {
                throw new StoreException("Timed out after " + settings.timeout().toMillis() + " ms reading back " + what
                        + " from topic '" + log.topic() + "'");
            }
            LockSupport.parkNanos(READ_BACK_PAUSE.toNanos());
            readToEnd(settings.timeout());
        }
        // the record's reader may still be telling the listener: one more read to the end waits for it
        readToEnd(settings.timeout());
    }

    private void writePlain(String what, List<ConfigRecord> records) {
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (ConfigRecord record : records) {
            sent.add(log.send(record.key().getBytes(StandardCharsets.UTF_8), codec.encodeValue(record)));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while writing " + what + " to topic '" + log.topic() + "'", e);
        } catch (ExecutionException e) {
            throw new StoreException(
                    "Could not write " + what + " to topic '" + log.topic() + "': "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StoreException(
                    "Timed out after " + settings.timeout().toMillis() + " ms writing " + what + " to topic '"
                            + log.topic() + "'",
                    e);
        }
    }

    /** Every record of the topic, on the thread reading it. */
    private void onRecord(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            LOG.warn("Skipping a record without key at offset {} of config topic '{}'", record.offset(), log.topic());
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        synchronized (replayLock) {
            Applied applied = replay.apply(record.offset(), key, record.value());
            if (applied.error().isPresent()) {
                LOG.warn(
                        "Skipping record '{}' at offset {} of config topic '{}': {}",
                        key,
                        record.offset(),
                        log.topic(),
                        applied.error().get().getMessage());
            }
            Listener l = listener;
            if (l == null) {
                return; // the initial read: start reports the whole state once it is done
            }
            ConfigSnapshot snapshot = replay.snapshot();
            latest = snapshot;
            tell(l, applied, snapshot);
        }
    }

    private void tell(Listener l, Applied applied, ConfigSnapshot snapshot) {
        if (applied.record().isEmpty()) {
            return;
        }
        ConfigRecord record = applied.record().get();
        switch (applied.effect()) {
            case CONNECTOR_CONFIG_UPDATED -> {
                ConfigRecord.ConnectorConfig c = (ConfigRecord.ConnectorConfig) record;
                if (told.add(c.connector())) {
                    l.targetState(
                            c.connector(), snapshot.targetState(c.connector()).orElse(TargetState.RUNNING));
                }
                l.connectorConfig(c.connector(), Optional.of(c.properties()));
            }
            case CONNECTOR_REMOVED -> {
                String connector = ((ConfigRecord.ConnectorRemoved) record).connector();
                if (told.remove(connector)) {
                    l.connectorConfig(connector, Optional.empty());
                }
            }
            case TARGET_STATE_CHANGED -> {
                ConfigRecord.TargetStateChange s = (ConfigRecord.TargetStateChange) record;
                l.targetState(s.connector(), s.state());
            }
            case TASK_CONFIGS_COMMITTED -> {
                String connector = ((ConfigRecord.TaskCommit) record).connector();
                if (snapshot.connectorConfigs().containsKey(connector)) {
                    // an inconsistent commit (task configs missing) tells an empty list: run no tasks
                    l.taskConfigs(connector, snapshot.taskConfigList(connector));
                }
            }
            case RESTART_REQUESTED -> {
                ConfigRecord.RestartRequest r = (ConfigRecord.RestartRequest) record;
                l.restartRequest(r.connector(), r.onlyFailed(), r.includeTasks());
            }
            case SESSION_KEY_UPDATED -> l.sessionKey((ConfigRecord.SessionKey) record);
            case LOGGER_LEVEL -> {
                ConfigRecord.LoggerLevel level = (ConfigRecord.LoggerLevel) record;
                l.loggerLevel(level.namespace(), level.level());
            }
            case SILENT, SKIPPED -> {
                // nothing to tell
            }
        }
    }
}
