package io.kanal.client.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.group.consumer.ConsumerProtocol;
import io.kanal.client.group.consumer.RangeAssignor;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Classic group membership against a real broker: the toy protocol, SIGKILL, static members, kafka-clients interop. */
@WithKafkaCluster
class ClassicGroupMemberIT {
    private static final int TASKS = 12;
    private static final int SESSION_TIMEOUT_MS = 6_000;

    private static ClassicGroupConfig config(String group, String instanceId) {
        return ClassicGroupConfig.builder(group)
                .sessionTimeoutMs(SESSION_TIMEOUT_MS)
                .heartbeatIntervalMs(1_000)
                .rebalanceTimeoutMs(20_000)
                .groupInstanceId(instanceId)
                .build();
    }

    private static ClassicGroupMember member(KafkaCluster cluster, ClassicGroupConfig config, ToyProtocol protocol) {
        return ClassicGroupMember.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers()), config, protocol, null);
    }

    /** The tasks of the members' latest assignments, if they all have the same generation; else null. */
    private static Set<Integer> sameGeneration(List<ToyProtocol> members, int[] generation) {
        Set<Integer> tasks = new HashSet<>();
        int g = -1;
        for (ToyProtocol p : members) {
            MemberAssignment a = p.latest();
            if (a == null || (g >= 0 && a.generationId() != g)) {
                return null;
            }
            g = a.generationId();
            List<Integer> mine = ToyProtocol.tasksOf(a);
            for (int t : mine) {
                if (!tasks.add(t)) {
                    return null; // a task twice: not a consistent view
                }
            }
        }
        generation[0] = g;
        return tasks;
    }

    @Test
    void whenAMemberIsKilledTheOthersRebalanceAfterTheSessionTimeout(KafkaCluster cluster) throws Exception {
        String group = "toy-killed";
        List<String> childEvents = new CopyOnWriteArrayList<>();
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        ToyMemberMain.class.getName(),
                        cluster.bootstrapServers(),
                        group,
                        "child",
                        Integer.toString(TASKS),
                        Integer.toString(SESSION_TIMEOUT_MS))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = child.inputReader()) {
                for (String line; (line = r.readLine()) != null; ) {
                    childEvents.add(line);
                }
            } catch (IOException e) {
                childEvents.add("X " + e);
            }
        });
        reader.start();
        ToyProtocol a = new ToyProtocol("a", TASKS, e -> {});
        ToyProtocol b = new ToyProtocol("b", TASKS, e -> {});
        try (ClassicGroupMember ma = member(cluster, config(group, null), a);
                ClassicGroupMember mb = member(cluster, config(group, null), b)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> childEvents.stream().anyMatch(l -> l.startsWith("A ")));
            ma.join();
            mb.join();
            int[] generation = new int[1];
            // Three members in one generation: the two here hold two thirds of the tasks, the child the rest.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<Integer> held = sameGeneration(List.of(a, b), generation);
                return held != null && held.size() == TASKS * 2 / 3;
            });
            int withChild = generation[0];
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> childEvents.stream().anyMatch(l -> l.startsWith("A " + withChild + " ")));

            child.destroyForcibly(); // SIGKILL: no LeaveGroup
            long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<Integer> held = sameGeneration(List.of(a, b), generation);
                return held != null && generation[0] > withChild && held.size() == TASKS;
            });
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertThat(tookMs)
                    .as("the coordinator noticed the death only when the session expired")
                    .isBetween(SESSION_TIMEOUT_MS / 2L, 45_000L);
            assertThat(a.revokedGenerations).contains(withChild);
            assertThat(b.revokedGenerations).contains(withChild);
            assertThat(ma.state()).isEqualTo(ClassicMemberState.STABLE);
            assertThat(mb.generation().generationId()).isEqualTo(generation[0]);
        } finally {
            child.destroyForcibly();
            reader.join(10_000);
        }
    }

    @Test
    void aStaticMemberThatRestartsWithinTheSessionTimeoutCausesNoRebalance(KafkaCluster cluster) {
        String group = "toy-static";
        ToyProtocol dynamic = new ToyProtocol("dynamic", TASKS, e -> {});
        ToyProtocol first = new ToyProtocol("static", TASKS, e -> {});
        try (ClassicGroupMember d = member(cluster, config(group, null), dynamic)) {
            ClassicGroupMember s = member(cluster, config(group, "static-1"), first);
            // The dynamic member first, so that it gives up its lone generation every run, not only sometimes.
            d.join();
            await().atMost(Duration.ofSeconds(30)).until(() -> dynamic.latest() != null);
            s.join();
            int[] generation = new int[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<Integer> held = sameGeneration(List.of(dynamic, first), generation);
                return held != null && held.size() == TASKS;
            });
            int stable = generation[0];
            List<Integer> staticTasks = ToyProtocol.tasksOf(first.latest());
            int dynamicAssignments = dynamic.assignments.size();
            // Counted from the shared generation: the dynamic member already gave up the one it held alone.
            int revokedBefore = dynamic.revokedGenerations.size();
            int lostBefore = dynamic.lostGenerations.size();

            // A static member leaves no LeaveGroup behind: the coordinator keeps its place until the session ends.
            s.close(Duration.ofSeconds(10));
            ToyProtocol restarted = new ToyProtocol("static", TASKS, e -> {});
            try (ClassicGroupMember again = member(cluster, config(group, "static-1"), restarted)) {
                again.join();
                await().atMost(Duration.ofSeconds(30)).until(() -> restarted.latest() != null);
                assertThat(restarted.latest().generationId())
                        .as("the restarted member is handed the same generation")
                        .isEqualTo(stable);
                assertThat(ToyProtocol.tasksOf(restarted.latest())).isEqualTo(staticTasks);
                // Several heartbeats later the other member still has had no rebalance.
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> dynamic.revokedGenerations.size() == revokedBefore
                                && dynamic.assignments.size() == dynamicAssignments
                                && d.generation().generationId() == stable);
                assertThat(dynamic.lostGenerations).hasSize(lostBefore);
            }
        }
    }

    @Test
    void heartbeatsGoOnWhileTheProtocolCodeTakesLongerThanTheSessionTimeout(KafkaCluster cluster) throws Exception {
        String group = "toy-slow";
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ToyProtocol slow = new ToyProtocol("slow", TASKS, e -> {}) {
            @Override
            public void onAssignment(MemberAssignment assignment) {
                super.onAssignment(assignment);
                if (entered.getCount() > 0) {
                    entered.countDown();
                    // User code that takes longer than the session timeout, on the member's callback thread.
                    awaitQuietly(release);
                }
            }
        };
        ToyProtocol quick = new ToyProtocol("quick", TASKS, e -> {});
        // Both on private resources: the default for a member created on its own.
        try (ClassicGroupMember s = member(cluster, config(group, null), slow);
                ClassicGroupMember q = member(cluster, config(group, null), quick)) {
            // The quick member first, so that the slow one's first assignment is the shared generation, every run.
            q.join();
            await().atMost(Duration.ofSeconds(30)).until(() -> quick.latest() != null);
            s.join();
            int[] generation = new int[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<Integer> held = sameGeneration(List.of(slow, quick), generation);
                return held != null && held.size() == TASKS;
            });
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            int stable = generation[0];
            // Counted from here: the quick member already gave up its generation alone.
            int revokedBefore = quick.revokedGenerations.size();
            // One and a half session timeouts with the callback still running: nobody is evicted, nothing moves.
            await().during(Duration.ofMillis(SESSION_TIMEOUT_MS * 3L / 2))
                    .atMost(Duration.ofMillis(SESSION_TIMEOUT_MS * 3L))
                    .until(() -> quick.revokedGenerations.size() == revokedBefore
                            && q.generation().generationId() == stable
                            && s.state() == ClassicMemberState.STABLE);
            release.countDown();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aMemberThatLeftAndJoinedAgainSendsALeaveGroupWhenItLeavesAgain(KafkaCluster cluster) throws Exception {
        String group = "toy-leave-twice";
        ToyProtocol a = new ToyProtocol("a", TASKS, e -> {});
        ToyProtocol b = new ToyProtocol("b", TASKS, e -> {});
        try (ClassicGroupMember ma = member(cluster, config(group, null), a);
                ClassicGroupMember mb = member(cluster, config(group, null), b)) {
            ma.join();
            mb.join();
            int[] generation = new int[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<Integer> held = sameGeneration(List.of(a, b), generation);
                return held != null && held.size() == TASKS;
            });
            ma.leave("first leave").get(30, TimeUnit.SECONDS);
            int afterFirstLeave = generation[0];
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> b.latest().generationId() > afterFirstLeave
                            && ToyProtocol.tasksOf(b.latest()).size() == TASKS);
            ma.join();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<Integer> held = sameGeneration(List.of(a, b), generation);
                return held != null && held.size() == TASKS && generation[0] > afterFirstLeave;
            });
            int together = generation[0];
            long leftAt = System.nanoTime();
            ma.leave("second leave").get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> b.latest().generationId() > together
                            && ToyProtocol.tasksOf(b.latest()).size() == TASKS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - leftAt))
                    .as("the coordinator heard the second LeaveGroup; it did not wait for the session to expire")
                    .isLessThan(SESSION_TIMEOUT_MS - 1_000L);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aKanalMemberAndAKafkaClientsClassicConsumerShareOneGroup(KafkaCluster cluster) throws Exception {
        String topic = "interop";
        String group = "interop-group";
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(NewTopic.of(topic, 4, 1)), false).get().orThrow();
        }
        AtomicReference<MemberAssignment> kanalAssignment = new AtomicReference<>();
        GroupProtocol consumerProtocol = new GroupProtocol() {
            @Override
            public String protocolType() {
                return ConsumerProtocol.PROTOCOL_TYPE;
            }

            @Override
            public List<ProtocolMetadata> metadata() {
                ByteBuffer subscription = ConsumerProtocol.encodeSubscription(
                        ConsumerProtocol.subscription(List.of(topic), null, List.of(), -1, null),
                        ConsumerProtocol.SUBSCRIPTION_VERSION);
                return List.of(new ProtocolMetadata(RangeAssignor.NAME, subscription));
            }

            @Override
            public void onJoinPrepare(int generationId, String memberId) {}

            @Override
            public Map<String, ByteBuffer> assign(
                    int generationId, String leaderId, String protocol, List<MemberMetadata> members) {
                return RangeAssignor.assign(Map.of(topic, 4), members, ConsumerProtocol.ASSIGNMENT_VERSION);
            }

            @Override
            public void onAssignment(MemberAssignment assignment) {
                kanalAssignment.set(assignment);
            }

            @Override
            public void onLost(int generationId, String memberId, io.kanal.client.errors.KafkaException cause) {}
        };
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.RangeAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger theirGeneration = new AtomicInteger(-1);
        AtomicReference<Set<TopicPartition>> theirAssignment = new AtomicReference<>(Set.of());
        AtomicReference<Throwable> theirError = new AtomicReference<>();
        Thread theirs = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                consumer.subscribe(List.of(topic));
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(100));
                    theirGeneration.set(consumer.groupMetadata().generationId());
                    Set<TopicPartition> mine = new HashSet<>();
                    consumer.assignment().forEach(tp -> mine.add(new TopicPartition(tp.topic(), tp.partition())));
                    theirAssignment.set(mine);
                }
            } catch (Throwable e) {
                theirError.set(e);
            }
        });
        theirs.start();
        try (ClassicGroupMember ours = ClassicGroupMember.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers()), config(group, null), consumerProtocol, null)) {
            ours.join();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(theirError.get()).isNull();
                MemberAssignment mine = kanalAssignment.get();
                assertThat(mine).isNotNull();
                assertThat(theirGeneration.get())
                        .as("one generation for both members")
                        .isEqualTo(mine.generationId());
                List<TopicPartition> ourPartitions =
                        ConsumerProtocol.partitions(ConsumerProtocol.decodeAssignment(mine.assignment()));
                Set<TopicPartition> all = new HashSet<>(ourPartitions);
                all.addAll(theirAssignment.get());
                assertThat(ourPartitions).hasSize(2);
                assertThat(theirAssignment.get()).hasSize(2).doesNotContainAnyElementsOf(ourPartitions);
                assertThat(all).hasSize(4);
            });
            assertThat(ours.state()).isEqualTo(ClassicMemberState.STABLE);
        } finally {
            running.set(false);
            theirs.join(30_000);
        }
    }
}
