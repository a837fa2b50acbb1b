package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.admin.AclBinding;
import io.kanal.client.admin.AclBinding.Operation;
import io.kanal.client.admin.AclBinding.PatternType;
import io.kanal.client.admin.AclBinding.ResourceType;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.ListenerSecurity;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once source on a broker with an authorizer: a Kanal distributed worker (a child process, SASL principal
 * {@code User:connect-worker}) runs the datagen sequence source whose producer logs in as another principal
 * ({@code producer.override.sasl.jaas.config}, {@code User:eos-producer}). That principal may write the data and
 * offsets topics but not use its transactional id {@code <group.id>-<connector>-<task>}: the task FAILs with a trace
 * naming the id and the missing permission, and nothing is written. Once the ACL is granted, a task restart through
 * REST runs it, and a {@code read_committed} reader sees the sequence from 0, each number once.
 */
class ExactlyOnceAclIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String GROUP = "acl";
    private static final String CONNECTOR = "c";
    private static final String TOPIC = "eos-data";
    private static final String TRANSACTIONAL_ID = GROUP + "-" + CONNECTOR + "-0";
    private static final String WORKER = "User:connect-worker";
    private static final String PRODUCER = "User:eos-producer";
    private static final int RATE = 200;
    private static final Path LOGS = Path.of("target", "exactly-once-acl");

    private static KafkaCluster cluster;
    private KanalDistributedWorker worker;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.builder()
                .name("ExactlyOnceAclIT")
                .clientListener(ListenerSecurity.SASL_PLAINTEXT)
                .authorizer()
                .build()
                .start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    private static AdminClient superUser() {
        return AdminClient.create(new LinkedHashMap<>(cluster.clientPropertiesAs(KafkaCluster.SUPER_USER)));
    }

    private static void grant(List<AclBinding> acls) throws Exception {
        try (AdminClient admin = superUser()) {
            admin.createAcls(acls).get(30, TimeUnit.SECONDS).orThrow();
        }
    }

    /**
     * What the worker's own principal needs: its group, its internal topics, fencing its tasks' ids, and the leader's
     * transactional id {@code connect-cluster-<group>}.
     */
    private static List<AclBinding> workerAcls() {
        List<AclBinding> acls = new ArrayList<>();
        acls.add(AclBinding.allow(WORKER, Operation.READ, ResourceType.GROUP, PatternType.LITERAL, GROUP));
        for (Operation op : List.of(
                Operation.READ, Operation.WRITE, Operation.DESCRIBE, Operation.CREATE, Operation.DESCRIBE_CONFIGS)) {
            acls.add(AclBinding.allow(WORKER, op, ResourceType.TOPIC, PatternType.PREFIXED, GROUP + "-"));
        }
        for (Operation op : List.of(Operation.WRITE, Operation.DESCRIBE)) {
            acls.add(AclBinding.allow(WORKER, op, ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, GROUP + "-"));
            // the leader's transactional writes to the config topic (KIP-618), as Connect's leader
            acls.add(AclBinding.allow(
                    WORKER, op, ResourceType.TRANSACTIONAL_ID, PatternType.LITERAL, "connect-cluster-" + GROUP));
        }
        return acls;
    }

    /** What the tasks' producer needs besides its transactional id: the data topic and the offsets topic. */
    private static List<AclBinding> producerTopicAcls() {
        return List.of(
                AclBinding.allow(PRODUCER, Operation.WRITE, ResourceType.TOPIC, PatternType.LITERAL, TOPIC),
                AclBinding.allow(
                        PRODUCER, Operation.WRITE, ResourceType.TOPIC, PatternType.LITERAL, GROUP + "-offsets"));
    }

    private static List<AclBinding> producerTransactionalIdAcls() {
        return List.of(
                AclBinding.allow(
                        PRODUCER,
                        Operation.WRITE,
                        ResourceType.TRANSACTIONAL_ID,
                        PatternType.LITERAL,
                        TRANSACTIONAL_ID),
                AclBinding.allow(
                        PRODUCER,
                        Operation.DESCRIBE,
                        ResourceType.TRANSACTIONAL_ID,
                        PatternType.LITERAL,
                        TRANSACTIONAL_ID));
    }

    /** The test's reader ({@link KafkaCluster#SASL_USERNAME}, as {@link SequenceCheck} logs in) reads the topic. */
    private static List<AclBinding> readerAcls() {
        return List.of(AclBinding.allow(
                "User:" + KafkaCluster.SASL_USERNAME, Operation.READ, ResourceType.TOPIC, PatternType.LITERAL, TOPIC));
    }

    /** The worker's settings for its own clients and, with the prefixes, for its connectors' clients. */
    private static DistributedSettings workerSettings() {
        DistributedSettings s = DistributedSettings.of(cluster.bootstrapServers(), GROUP)
                .with("exactly.once.source.support", "enabled")
                .with("connector.client.config.override.policy", "Principal");
        Map<String, String> own = new LinkedHashMap<>(cluster.clientPropertiesAs(WORKER.substring("User:".length())));
        own.remove("bootstrap.servers");
        for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
            for (Map.Entry<String, String> e : own.entrySet()) {
                s = s.with(prefix + e.getKey(), e.getValue());
            }
        }
        return s;
    }

    private static Map<String, String> connector() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.kanal.plugins.datagen.DatagenConnector");
        c.put("topic", TOPIC);
        c.put("tasks.max", "1");
        c.put("schema", "string");
        c.put("rate.per.task", Integer.toString(RATE));
        c.put("exactly.once.support", "required");
        c.put("transaction.boundary", "poll");
        c.put(
                "producer.override.sasl.jaas.config",
                cluster.clientPropertiesAs(PRODUCER.substring("User:".length())).get("sasl.jaas.config"));
        return c;
    }

    private static Optional<ConnectorStatus.TaskState> task(ConnectRest rest) {
        return rest.status(CONNECTOR).flatMap(s -> s.tasks().stream().findFirst());
    }

    @Test
    void aTaskWhoseProducerMayNotUseItsTransactionalIdFailsAndRunsOnceTheAclIsGranted() throws Exception {
        try (AdminClient admin = superUser()) {
            admin.createTopics(List.of(NewTopic.of(TOPIC, 1, 1)))
                    .get(30, TimeUnit.SECONDS)
                    .orThrow();
        }
        List<AclBinding> acls = new ArrayList<>(workerAcls());
        acls.addAll(producerTopicAcls());
        acls.addAll(readerAcls());
        grant(acls);

        worker = KanalDistributedWorker.create(
                workerSettings(),
                Files.createTempDirectory(Files.createDirectories(LOGS), "worker-"),
                Pipelines.plugin("datagen"));
        worker.start();
        ConnectRest rest = worker.rest();
        assertThat(rest.createConnector(CONNECTOR, connector(), WAIT).status()).isEqualTo(201);

        ConnectorStatus.TaskState failed = await("task 0 FAILED")
                .atMost(WAIT)
                .pollInterval(POLL)
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> task(rest), t -> t.isPresent() && t.get().state().equals("FAILED"))
                .orElseThrow();
        System.out.println("[acl] task trace: " + failed.trace());
        assertThat(failed.trace())
                .as("the trace names the transactional id and the missing permission")
                .contains(TRANSACTIONAL_ID)
                .contains("TRANSACTIONAL_ID_AUTHORIZATION_FAILED");
        assertThat(SequenceCheck.read(cluster, TOPIC, 1, "read_uncommitted").records())
                .as("records written without the transactional id")
                .isZero();

        grant(producerTransactionalIdAcls());
        assertThat(rest.post("connectors/" + CONNECTOR + "/restart?includeTasks=true&onlyFailed=true", Map.of())
                        .status())
                .isBetween(200, 204);
        rest.awaitRunning(CONNECTOR, 1, WAIT);
        await("task 0 commits beyond " + RATE)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                        SequenceCheck.read(cluster, TOPIC, 1, "read_committed").highest(0) > RATE);

        SequenceCheck committed = SequenceCheck.read(cluster, TOPIC, 1, "read_committed");
        System.out.println("[acl] read_committed: " + committed.summary());
        assertThat(committed.gaps(0)).as("sequence numbers missing").isEmpty();
        assertThat(committed.duplicates())
                .as("sequence numbers committed twice")
                .isEmpty();

        // The grant is taken back with a filter: every ACL of the producer on transactional ids, whatever the name.
        AclBinding producerIds = new AclBinding(
                ResourceType.TRANSACTIONAL_ID,
                null,
                PatternType.ANY,
                PRODUCER,
                null,
                Operation.ANY,
                AclBinding.Permission.ANY);
        try (AdminClient admin = superUser()) {
            assertThat(admin.deleteAcls(List.of(producerIds))
                            .get(30, TimeUnit.SECONDS)
                            .orThrow()
                            .get(producerIds))
                    .containsExactlyInAnyOrderElementsOf(producerTransactionalIdAcls());
        }
    }
}
