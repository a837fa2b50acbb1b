/**
 * Kafka Connect's worker group protocol: the bytes a distributed worker puts in JoinGroup ({@link
 * io.kanal.runtime.membership.protocol.WorkerMetadata}) and the leader hands out in SyncGroup ({@link
 * io.kanal.runtime.membership.protocol.ConnectAssignment}), for protocol type {@code connect} and the subprotocols
 * of {@link io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility}. {@link
 * io.kanal.runtime.membership.protocol.ConnectProtocolCodec} writes exactly the bytes Apache Kafka Connect's {@code
 * ConnectProtocol} and {@code IncrementalCooperativeConnectProtocol} write, and reads theirs the way they do, so
 * Kanal and Apache workers can share a group. Everything here is a value or a stateless function: no I/O, no
 * threads.
 */
package io.kanal.runtime.membership.protocol;
