/**
 * Classic group membership (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) for any protocol type: the distributed
 * worker joins its group with protocol type {@code connect} through it, as Kafka Connect's {@code WorkerGroupMember}
 * does through {@code AbstractCoordinator}. The consumer keeps KIP-848 ({@code io.kanal.client.consumer}); this
 * package is for everything else, and its {@code consumer} subpackage lets a member speak the classic
 * {@code consumer} protocol with the {@code range} assignor next to kafka-clients consumers.
 *
 * <p>The core is sans-IO. {@link io.kanal.client.group.internals.ClassicMembershipStateMachine} holds the member's state
 * ({@link io.kanal.client.group.Generation}: generation, member id, protocol, leader), decides which request goes
 * when, and interprets every response, with time passed in and no threads. What it cannot do itself it asks for as a
 * {@link io.kanal.client.group.internals.GroupAction}: look up the coordinator (the driver's job), or run the user's
 * {@link io.kanal.client.group.GroupProtocol} (revoke and give metadata before a JoinGroup, compute the leader's
 * assignment, take an assignment, drop a lost one), which the driver runs on the user's executor with
 * {@link io.kanal.client.group.internals.GroupCallbacks} and feeds back.
 *
 * <p>The driver (written separately) owns one thread for the machine and does, on every event and wake-up:
 *
 * <ol>
 *   <li>{@code PollResult r = machine.poll(now)};
 *   <li>sends each {@link io.kanal.client.group.internals.GroupRequest} of {@code r.requests()} to the coordinator on the GROUP
 *       lane with its versions and timeout, and feeds the outcome back with {@code onResponse(id, body, now)} or
 *       {@code onRequestFailed(id, error, now)};
 *   <li>handles {@code r.actions()} in order: FindCoordinator → lookup, then {@code onCoordinatorFound} or
 *       {@code onCoordinatorLookupFailed}; PrepareJoin, ComputeAssignment, Assigned, Lost → {@code GroupCallbacks.run}
 *       on the user's executor, then the returned feedback on the machine's thread; Failure → tell the user (a fatal
 *       one ends the membership); LeaveComplete → let a waiting close finish;
 *   <li>waits for the next event or until {@code r.nextWakeupMs()}.
 * </ol>
 *
 * <p>Kafka's behaviour (kafka-clients 4.4 {@code AbstractCoordinator}, checked), kept:
 *
 * <ul>
 *   <li>MEMBER_ID_REQUIRED (KIP-394, JoinGroup v4+): a dynamic member joins with an empty member id, takes the one the
 *       coordinator returns and rejoins at once; a static member is never asked.
 *   <li>{@code onJoinPrepare} (here {@code PrepareJoin.revoke}) runs once per rebalance, before its first JoinGroup,
 *       not again when the rebalance is retried; the protocols' metadata is asked for before every JoinGroup.
 *   <li>UNKNOWN_MEMBER_ID resets member id and generation, ILLEGAL_GENERATION only the generation; both lose the
 *       assignment and rejoin at once. REBALANCE_IN_PROGRESS rejoins at once keeping both; on a Heartbeat it starts a
 *       rebalance from STABLE and is ignored in other states (it still proves the session alive).
 *   <li>NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE and lost connections: look the coordinator up again; a JoinGroup
 *       or SyncGroup is then retried from a new JoinGroup after back-off (a SyncGroup is never resent on its own).
 *       COORDINATOR_LOAD_IN_PROGRESS: retried after back-off.
 *   <li>Fatal: FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL (also when the coordinator's protocol type or name,
 *       KIP-559, differs from the member's), INVALID_SESSION_TIMEOUT, INVALID_GROUP_ID, GROUP_AUTHORIZATION_FAILED,
 *       GROUP_MAX_SIZE_REACHED, UNSUPPORTED_VERSION, and any other non-retriable code on JoinGroup or SyncGroup.
 *   <li>Heartbeats go in AWAITING_SYNC and STABLE (Kafka's broker treats them as normal in CompletingRebalance) and
 *       while the member revokes with a generation; one is due {@code heartbeat.interval.ms} after the previous one
 *       was sent; a failed one is retried after back-off. A JoinGroup's own timeout is {@code rebalance.timeout.ms}
 *       + 5 s, at least {@code request.timeout.ms}.
 *   <li>Static membership (KIP-345): {@code group.instance.id} is sent in every request; after any reset or restart
 *       the member joins with an empty member id and the coordinator, recognising the instance, hands out a new one
 *       and fences the old. A static leader rejoining a stable group gets {@code SkipAssignment} (KIP-814) and sends
 *       an empty SyncGroup. Leaving sends LeaveGroup for a dynamic member, and for a static one only with
 *       {@link io.kanal.client.group.GroupMembershipOperation#LEAVE_GROUP} (KIP-1092); it names the member by member
 *       id with the reason (KIP-800, v5+), truncated to 255 characters, and is never retried.
 * </ul>
 *
 * <p>Different on purpose: (1) when no heartbeat succeeded for {@code session.timeout.ms}, Kafka's client only looks
 * the coordinator up again and learns of its removal from the next response; here the assignment is reported lost at
 * once and the member rejoins with an empty member id, since the coordinator has removed it by then and another
 * member may already run its work (Connect's {@code WorkerCoordinator} revokes for the same reason when the
 * coordinator is unreachable). (2) A rejoin requested after the JoinGroup went causes one more rebalance once this
 * one completes; Kafka drops it. (3) GROUP_AUTHORIZATION_FAILED on a Heartbeat is fatal; Kafka's heartbeat thread
 * backs off until the session expires. (4) At most one heartbeat is in flight.
 *
 * <p>Every type here is confined to one thread (the machine's, or the user's executor for {@code GroupProtocol}
 * calls) except the immutable values, which any thread may read.
 */
package io.kanal.client.group;
