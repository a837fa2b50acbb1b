package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.membership.group.GenerationListener;
import io.kanal.runtime.membership.group.Leader;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The distributed worker's generation listener: a lost membership reaches the config topic's leadership, so a leader
 * that lost its place (a zombie) gives up the leader's writes until a new generation says it leads.
 */
class DistributedGenerationsTest {

    private final List<String> calls = new ArrayList<>();

    private final GenerationListener leadership = new GenerationListener() {
        @Override
        public void onGeneration(int generation, Leader leader, ConnectProtocolCompatibility protocol) {
            calls.add("leadership: generation " + generation + (leader.self() ? " (leads)" : ""));
        }

        @Override
        public void onNoGeneration(int generation) {
            calls.add("leadership: no generation after " + generation);
        }
    };

    private final DistributedGenerations generations =
            new DistributedGenerations(g -> calls.add("status: generation " + g), leadership);

    @Test
    void aNewGenerationReachesTheStatusStoreFirstThenTheLeadership() {
        generations.onGeneration(
                7, new Leader("member-1", "http://w1:8083/", true), ConnectProtocolCompatibility.SESSIONED);

        assertThat(calls).containsExactly("status: generation 7", "leadership: generation 7 (leads)");
    }

    @Test
    void aLostMembershipReachesTheLeadership() {
        generations.onGeneration(
                7, new Leader("member-1", "http://w1:8083/", true), ConnectProtocolCompatibility.SESSIONED);
        calls.clear();

        generations.onNoGeneration(7);

        // the config topic's leadership hears it (a lambda listener would drop it: the interface's default does
        // nothing), so the worker refuses the leader's writes and releases connect-cluster-<group> until it rejoins
        assertThat(calls).containsExactly("leadership: no generation after 7");
    }
}
