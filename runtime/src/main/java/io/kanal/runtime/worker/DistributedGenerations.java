package io.kanal.runtime.worker;

import io.kanal.runtime.membership.group.GenerationListener;
import io.kanal.runtime.membership.group.Leader;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * What a distributed worker does on each generation of its group, and when it has none: the status store learns the
 * generation its status writes carry, and the config topic's leadership ({@link ConfigTopicLeadership}) learns whether
 * this worker may make the leader's writes, including that it may not once its membership is lost.
 *
 * <p>A named class, not a lambda: {@link GenerationListener} is a functional interface whose {@link
 * GenerationListener#onNoGeneration} does nothing by default, so a lambda drops it, and a leader that lost its
 * membership (a zombie, e.g. a paused JVM) would keep writing to the config topic as the leader, and, were it not
 * holding the transactional id, would take it and fence the real leader.
 *
 * <p><b>Threading.</b> Immutable; called on the group's callback thread, and never blocks (neither listener does).
 *
 * @param statusGeneration the status store's generation setter
 * @param leadership the config topic's leadership
 */
record DistributedGenerations(IntConsumer statusGeneration, GenerationListener leadership)
        implements GenerationListener {

    /** Checks the listeners. */
    DistributedGenerations {
        Objects.requireNonNull(statusGeneration, "statusGeneration");
        Objects.requireNonNull(leadership, "leadership");
    }

    @Override
    public void onGeneration(int generation, Leader leader, ConnectProtocolCompatibility protocol) {
        statusGeneration.accept(generation);
        leadership.onGeneration(generation, leader, protocol);
    }

    @Override
    public void onNoGeneration(int generation) {
        leadership.onNoGeneration(generation);
    }
}
