/**
 * The incremental cooperative assignor of distributed mode (KIP-415) as a pure function: {@link
 * io.kanal.runtime.herder.assign.CooperativeAssignor#assign} takes the members' reported {@link
 * io.kanal.runtime.herder.assign.Allocation}s, the configured connectors with their task counts, the time and the
 * previous {@link io.kanal.runtime.herder.assign.AssignorState}, and returns an {@link
 * io.kanal.runtime.herder.assign.AssignorResult}. Like the rest of the herder it does no I/O and reads no clock; the
 * group leader calls it on the herder thread.
 */
package io.kanal.runtime.herder.assign;
