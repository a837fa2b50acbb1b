package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15's mixed cluster: one Apache Kafka Connect worker and one Kanal worker in one group, in both start orders so
 * that each is the leader once (the group coordinator makes the first member to join the leader, and Connect's leader
 * runs the assignor). Connectors are created through either REST API; both workers report the same statuses, every
 * connector and task RUNNING exactly once on one of the two, the work spread over both, and records flow from both
 * sources to the sink exactly once.
 */
@WithKafkaCluster
class MixedClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int LINES = 200;

    /** Which worker starts first, and so leads the group. */
    enum Leader {
        APACHE,
        KANAL
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} leads")
    @EnumSource(Leader.class)
    void apacheAndKanalWorkersShareOneGroup(Leader leader, KafkaCluster kafka) throws Exception {
        String name = "mixed-" + leader.name().toLowerCase(Locale.ROOT);
        String topic = name + "-lines";
        Pipelines.createTopic(kafka, topic, 1);
        Path inA = dir.resolve("in-apache.txt");
        Path inK = dir.resolve("in-kanal.txt");
        Path out = dir.resolve("out.txt");
        Interop.append(inA, 0, LINES);
        Interop.append(inK, LINES, 2 * LINES);
        DistributedSettings cluster = DistributedSettings.of(kafka.bootstrapServers(), name);

        try (ApacheConnectWorker apache = ApacheConnectWorker.create(cluster, dir.resolve("apache"));
                KanalDistributedWorker kanal =
                        KanalDistributedWorker.create(cluster, dir.resolve("kanal"), Pipelines.plugin("file"))) {
            ConnectWorker first = leader == Leader.APACHE ? apache : kanal;
            ConnectWorker second = leader == Leader.APACHE ? kanal : apache;
            first.start();
            second.start();

            apache.rest().createConnector("src-via-apache", Interop.fileSource(inA, topic), TIMEOUT);
            kanal.rest().createConnector("src-via-kanal", Interop.fileSource(inK, topic), TIMEOUT);
            // Through the follower: it forwards the write to the leader.
            second.rest().createConnector("sink", Interop.fileSink(topic, out), TIMEOUT);
            List<String> connectors = List.of("src-via-apache", "src-via-kanal", "sink");

            // Apache's log names the leader it got its assignment from.
            await("Apache's assignment names " + first + " as the leader")
                    .atMost(TIMEOUT)
                    .until(() -> Files.readString(apache.logFile()).contains("leaderUrl='" + first.restUri() + "'"));

            for (String c : connectors) {
                apache.rest().awaitRunning(c, 1, TIMEOUT);
                kanal.rest().awaitRunning(c, 1, TIMEOUT);
            }
            // Connect balances connectors and tasks separately: 3 of each over 2 workers is 2 and 1.
            await("both workers report the same statuses, every connector and task RUNNING once, on both workers")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Map<String, Integer> connectorsPerWorker = new HashMap<>();
                        Map<String, Integer> tasksPerWorker = new HashMap<>();
                        for (String c : connectors) {
                            // not yet known to a worker (404) is a reason to poll again, not to fail
                            ConnectorStatus viaApache = sorted(apache.rest()
                                    .status(c)
                                    .orElseThrow(() -> new AssertionError(c + " not known to the Apache worker yet")));
                            ConnectorStatus viaKanal = sorted(kanal.rest()
                                    .status(c)
                                    .orElseThrow(() -> new AssertionError(c + " not known to the Kanal worker yet")));
                            assertThat(viaKanal).as("status of %s", c).isEqualTo(viaApache);
                            assertThat(viaApache.isRunning(1))
                                    .as("%s running", viaApache)
                                    .isTrue();
                            connectorsPerWorker.merge(viaApache.connector().workerId(), 1, Integer::sum);
                            viaApache.tasks().forEach(t -> tasksPerWorker.merge(t.workerId(), 1, Integer::sum));
                        }
                        for (Map<String, Integer> perWorker : List.of(connectorsPerWorker, tasksPerWorker)) {
                            assertThat(perWorker).containsOnlyKeys(apache.workerId(), kanal.workerId());
                            assertThat(perWorker.values())
                                    .allSatisfy(n -> assertThat(n).isBetween(1, 2));
                        }
                    });

            await("every line in " + out).atMost(TIMEOUT).until(() -> Pipelines.lineCount(out) >= 2 * LINES);
            second.stop();
            first.stop();
        }
        assertThat(Pipelines.multiset(Pipelines.lines(out)))
                .as("each line once in the sink's file")
                .isEqualTo(Pipelines.multiset(Pipelines.input(2 * LINES)));
    }

    /** A status with its tasks in id order, so two workers' answers compare equal. */
    private static ConnectorStatus sorted(ConnectorStatus s) {
        List<ConnectorStatus.TaskState> tasks = new ArrayList<>(s.tasks());
        tasks.sort(Comparator.comparingInt(ConnectorStatus.TaskState::id));
        return new ConnectorStatus(s.name(), s.connector(), tasks, s.type());
    }
}
