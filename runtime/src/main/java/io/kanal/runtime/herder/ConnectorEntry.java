package io.kanal.runtime.herder;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The herder's mutable record of one connector: what the store says (config, target state, task configs) and what
 * this worker runs (the instance, its tasks). Owned by the {@code kanal-herder} thread; never shared.
 */
final class ConnectorEntry {

    final String name;

    /** The stored config; {@code null} until it is read (a target state may be read first). */
    Map<String, String> config;
    /** Increases with every config read, so that a running instance can tell it is outdated. */
    long configVersion;
    /** The herder's keys, parsed; {@code null} when the config is invalid ({@link #settingsError}). */
    ConnectorSettings settings;

    StatusError settingsError;
    TargetState target = TargetState.RUNNING;
    List<Map<String, String>> taskConfigs = List.of();
    /**
     * The connector config of the latest task-config commit read: the config read before the commit, which the
     * committed task configs were generated from. Tasks start with it and restart when it changes. It moves on every
     * worker at the commit (not when {@link #config} is read), so a connector update restarts each task once, with its
     * new connector and task config together; the connector's owner writes a commit even for unchanged task configs
     * when the connector config changed.
     */
    Map<String, String> tasksConnectorConfig;
    /**
     * Counts the task-config commits read for this connector. A transactional (exactly-once source) task restarts when
     * it moves past the count it started at, even with its own config unchanged: only a starting task asks for the
     * leader's round of zombie fencing, and the round must run for every new generation (KIP-618; Connect restarts
     * every task of a connector whose task configs were committed).
     */
    long taskConfigCommits;
    /** The config topic's generation of {@link #taskConfigs} ({@link HerderEvent.TaskConfigsRead#generation()}). */
    int taskConfigGeneration = -1;
    /** The store read this connector's deletion; the entry goes once its instance and tasks are gone. */
    boolean deleted;

    Phase phase = Phase.ABSENT;
    long generation;
    long startedConfigVersion;
    TargetState appliedTarget = TargetState.RUNNING;
    boolean restartRequested;
    boolean restarting;
    StatusError error;
    String note;

    /** Task configs must be (re)generated once the instance runs. */
    boolean taskConfigsWanted;
    /** A {@code CallTaskConfigs} is outstanding; at most one per connector. */
    boolean taskConfigsInFlight;

    final TreeMap<Integer, TaskEntry> tasks = new TreeMap<>();

    ConnectorEntry(String name) {
        this.name = name;
    }

    /** Whether the connector exists as far as REST is concerned: it has a config and is not deleted. */
    boolean visible() {
        return config != null && !deleted;
    }
}
