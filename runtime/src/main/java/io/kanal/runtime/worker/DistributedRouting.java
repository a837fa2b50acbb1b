package io.kanal.runtime.worker;

import io.kanal.runtime.api.ClusterRouting;
import io.kanal.runtime.api.SessionKey;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.membership.group.Leader;
import io.kanal.runtime.membership.group.WorkerGroupMembership;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import io.kanal.runtime.store.StatusStore;
import io.kanal.runtime.store.kafka.KafkaConfigStore;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where a request runs in this worker's cluster, from the group's last assignment (leader, what this worker owns),
 * the config topic (the session key) and the status topic (which worker runs a connector or task: its {@code
 * worker_id} is the {@code host:port} of that worker's advertised URL, so any worker can find an owner, not only the
 * leader).
 *
 * <p><b>Threading.</b> Stateless; every answer is a read of volatile state published by the group's thread and the
 * stores' reader threads. Safe from any REST thread.
 */
final class DistributedRouting implements ClusterRouting {

    private final WorkerGroupMembership membership;
    private final KafkaConfigStore configs;
    private final StatusStore statuses;
    private final BooleanSupplier rebalancing;
    private final String scheme;

    DistributedRouting(
            WorkerGroupMembership membership,
            KafkaConfigStore configs,
            StatusStore statuses,
            BooleanSupplier rebalancing,
            URI advertisedUrl) {
        this.membership = Objects.requireNonNull(membership, "membership");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.statuses = Objects.requireNonNull(statuses, "statuses");
        this.rebalancing = Objects.requireNonNull(rebalancing, "rebalancing");
        this.scheme = advertisedUrl.getScheme();
    }

    @Override
    public boolean isLeader() {
        return membership.leader().map(Leader::self).orElse(false);
    }

    @Override
    public Optional<String> leaderUrl() {
        return membership.leader().map(Leader::url);
    }

    @Override
    public boolean rebalancing() {
        return rebalancing.getAsBoolean();
    }

    @Override
    public Optional<SessionKey> sessionKey() {
        return configs.configSnapshot()
                .sessionKey()
                .map(k -> new SessionKey(k.keyBytes(), k.algorithm(), Instant.ofEpochMilli(k.creationTimestamp())));
    }

    @Override
    public boolean requestSigningRequired() {
        return membership
                .protocol()
                .map(p -> p == ConnectProtocolCompatibility.SESSIONED)
                .orElse(false);
    }

    @Override
    public boolean runsConnector(String connector) {
        return membership.owned().owns(connector);
    }

    @Override
    public boolean runsTask(String connector, int task) {
        return membership.owned().owns(new ConnectorTaskId(connector, task));
    }

    @Override
    public Optional<String> connectorOwnerUrl(String connector) {
        return statuses.connector(connector).flatMap(this::urlOf);
    }

    @Override
    public Optional<String> taskOwnerUrl(String connector, int task) {
        return statuses.task(new ConnectorTaskId(connector, task)).flatMap(this::urlOf);
    }

    private Optional<String> urlOf(Status status) {
        return switch (status.state()) {
            case RUNNING, PAUSED, FAILED, RESTARTING -> Optional.of(scheme + "://" + status.workerId() + "/");
            default -> Optional.empty();
        };
    }
}
