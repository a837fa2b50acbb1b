package io.kanal.runtime.membership.group;

import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;

/**
 * Told of each generation this worker joins, before the herder hears of the generation's assignment, so that the
 * statuses the herder writes for that assignment carry the right generation (Connect's status write rules compare
 * generations). Called on the group's callback thread; must not block.
 */
public interface GenerationListener {

    /** Ignores every generation. */
    GenerationListener NONE = new GenerationListener() {
        @Override
        public void onGeneration(int generation, Leader leader, ConnectProtocolCompatibility protocol) {}

        @Override
        public void onNoGeneration(int generation) {}
    };

    /**
     * A generation was joined and its assignment received.
     *
     * @param generation the generation id
     * @param leader its leader
     * @param protocol the subprotocol the coordinator chose
     */
    void onGeneration(int generation, Leader leader, ConnectProtocolCompatibility protocol);

    /**
     * This worker has no usable generation any more: its membership was lost, or it could not read the config topic
     * up to its assignment's offset. Until the next {@link #onGeneration}, it must not act as the leader (a leader's
     * write could otherwise take the config topic's transactional id and fence the real leader). Abstract on purpose,
     * not a do-nothing default: a lambda for this interface would silently drop it (as one once did).
     *
     * @param generation the generation given up
     */
    void onNoGeneration(int generation);
}
