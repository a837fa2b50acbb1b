package io.kanal.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.kanal.testkit.KafkaCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs test classes that use the extension through the JUnit engine, and watches what the extension does. */
class KafkaClusterExtensionIT {
    /** Clusters seen by {@link SharedAndFailing}; a static list because JUnit creates that class's instances. */
    private static final List<KafkaCluster> SEEN = new CopyOnWriteArrayList<>();

    @WithKafkaCluster
    static final class SharedAndFailing {
        @Test
        void first(KafkaCluster cluster) {
            SEEN.add(cluster);
        }

        @Test
        void second(KafkaCluster cluster) {
            SEEN.add(cluster);
            assertThat(cluster.bootstrapServers()).as("deliberate failure").isEmpty();
        }
    }

    @WithKafkaCluster(scope = WithKafkaCluster.Scope.SUITE)
    static final class SuiteUserA {
        @Test
        void uses(KafkaCluster cluster) {
            SEEN.add(cluster);
        }
    }

    @WithKafkaCluster(scope = WithKafkaCluster.Scope.SUITE)
    static final class SuiteUserB {
        @Test
        void uses(KafkaCluster cluster) {
            SEEN.add(cluster);
        }

        @Test
        @WithKafkaCluster(scope = WithKafkaCluster.Scope.SUITE, brokerConfig = "num.partitions=2")
        void otherShapeGetsAnotherSuiteCluster(KafkaCluster cluster) {
            SEEN.add(cluster);
        }
    }

    @Test
    void suiteClustersAreSharedAcrossClassesByShapeAndClosedAfterTheRun() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SuiteUserA.class), selectClass(SuiteUserB.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(SEEN).hasSize(3);
        assertThat(SEEN.stream().distinct()).hasSize(2);
        KafkaCluster plain = SEEN.stream()
                .filter(c -> c.spec().brokerConfig().isEmpty())
                .findFirst()
                .orElseThrow();
        assertThat(SEEN.stream().filter(c -> c == plain)).hasSize(2);
        assertThat(plain.name()).startsWith("suite-1n-");
        assertThat(SEEN).allMatch(cluster -> cluster.nodes().stream().noneMatch(node -> node.isRunning()));
    }

    @Test
    void oneClusterPerClassClosedAfterItAndLogTailsPrintedOnFailure() {
        SEEN.clear();
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Events tests;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            tests = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(SharedAndFailing.class))
                    .execute()
                    .testEvents();
        } finally {
            System.setErr(originalErr);
        }
        String err = captured.toString(StandardCharsets.UTF_8);

        tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertThat(SEEN.get(0).name()).isEqualTo("KafkaClusterExtensionIT-SharedAndFailing");
        assertThat(SEEN.get(0).nodes()).noneMatch(node -> node.isRunning());
        assertThat(err)
                .contains("test failed")
                .contains("deliberate failure")
                .contains("lines of " + SEEN.get(0).node(0).logFile())
                .contains("(kafka.");
    }
}
