package io.kanal.client.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.cluster.Node;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Classic group membership on a 3-node cluster whose group coordinator is killed. */
@WithKafkaCluster(nodes = 3)
class ClassicGroupFailoverIT {
    private static final int TASKS = 9;

    @Test
    void theGroupRecoversWhenItsCoordinatorIsKilled(KafkaCluster cluster) {
        String group = "toy-failover";
        ClassicGroupConfig config = ClassicGroupConfig.builder(group)
                .sessionTimeoutMs(6_000)
                .heartbeatIntervalMs(500)
                .rebalanceTimeoutMs(20_000)
                .requestTimeoutMs(10_000)
                .build();
        List<ToyProtocol> protocols = List.of(
                new ToyProtocol("a", TASKS, e -> {}),
                new ToyProtocol("b", TASKS, e -> {}),
                new ToyProtocol("c", TASKS, e -> {}));
        Map<String, Object> client = Map.of("bootstrap.servers", cluster.bootstrapServers());
        try (ClassicGroupMember a = ClassicGroupMember.create(client, config, protocols.get(0), null);
                ClassicGroupMember b = ClassicGroupMember.create(client, config, protocols.get(1), null);
                ClassicGroupMember c = ClassicGroupMember.create(client, config, protocols.get(2), null)) {
            List<ClassicGroupMember> members = List.of(a, b, c);
            members.forEach(ClassicGroupMember::join);
            await().atMost(Duration.ofSeconds(60)).until(() -> consistent(members, protocols));
            int coordinator = a.coordinator().map(Node::id).orElseThrow();

            cluster.node(coordinator).kill();

            // Every member finds the new coordinator, and the group is whole and stable again.
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> members.stream()
                                    .allMatch(m -> m.coordinator().map(Node::id).orElse(coordinator) != coordinator)
                            && consistent(members, protocols));
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> consistent(members, protocols));
            assertThat(members).allSatisfy(m -> assertThat(m.fatalError()).isNotDone());
        }
    }

    /** All members STABLE in one generation, with every task assigned exactly once. */
    private static boolean consistent(List<ClassicGroupMember> members, List<ToyProtocol> protocols) {
        int generation = members.get(0).generation().generationId();
        Set<Integer> tasks = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            ClassicGroupMember m = members.get(i);
            MemberAssignment latest = protocols.get(i).latest();
            if (m.state() != ClassicMemberState.STABLE
                    || m.generation().generationId() != generation
                    || latest == null
                    || latest.generationId() != generation) {
                return false;
            }
            for (int t : ToyProtocol.tasksOf(latest)) {
                if (!tasks.add(t)) {
                    return false;
                }
            }
        }
        return tasks.size() == TASKS;
    }
}
