/**
 * Distributed mode's worker group: {@link io.kanal.runtime.membership.group.WorkerGroupMembership} joins Kafka
 * Connect's group (protocol type {@code connect}) through the engine's classic group member, with {@link
 * io.kanal.runtime.membership.group.WorkerGroupProtocol} speaking the bytes of {@code membership.protocol} and the
 * leader running {@code herder.assign}'s cooperative assignor. The worker supplies the config topic's view ({@link
 * io.kanal.runtime.membership.group.ClusterConfigs}), a hook telling when revoked work has stopped ({@link
 * io.kanal.runtime.membership.group.Revocations}) and the status store's answer to "did this worker leave cleanly"
 * ({@link io.kanal.runtime.membership.group.Departures}).
 */
package io.kanal.runtime.membership.group;
