package io.kanal.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodePortsTest {
    @Test
    void allocatesDistinctPortsForEveryListenerOfEveryNode() {
        List<NodePorts> ports = NodePorts.allocate(3);
        Set<Integer> distinct = new HashSet<>();
        for (NodePorts node : ports) {
            distinct.add(node.client());
            distinct.add(node.internal());
            distinct.add(node.controller());
        }
        assertThat(ports).extracting(NodePorts::nodeId).containsExactly(0, 1, 2);
        assertThat(distinct).hasSize(9);
        assertThat(ports.get(0).clientAddress())
                .isEqualTo("127.0.0.1:" + ports.get(0).client());
    }

    @Test
    void portsComeFromBelowTheEphemeralRangeSoNoClientConnectionCanTakeThem() {
        int ephemeralStart = NodePorts.ephemeralRangeStart();
        assertThat(ephemeralStart).isBetween(1024, 65535);
        List<Integer> ports = new java.util.ArrayList<>();
        for (NodePorts node : NodePorts.allocate(3)) {
            ports.addAll(List.of(node.client(), node.internal(), node.controller()));
        }
        if (ephemeralStart - NodePorts.STABLE_RANGE_START >= 1000) {
            assertThat(ports).allSatisfy(port -> assertThat(port)
                    .isGreaterThanOrEqualTo(NodePorts.STABLE_RANGE_START)
                    .isLessThan(ephemeralStart));
        } else {
            assertThat(ports).hasSize(9);
        }
    }
}
