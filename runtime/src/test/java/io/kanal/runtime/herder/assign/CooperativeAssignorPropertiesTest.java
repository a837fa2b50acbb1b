package io.kanal.runtime.herder.assign;

import static io.kanal.runtime.herder.assign.AssignorFixtures.imbalance;
import static io.kanal.runtime.herder.assign.AssignorFixtures.owned;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of workers joining, leaving and coming back, connectors created, resized and deleted, and time
 * passing, against a group whose members do as they are told (stop what is revoked, start what is assigned, rejoin at
 * once after a revocation and when the scheduled delay expires). Checked in every rebalance: no work is started while
 * another member holds it, so nothing ever runs twice; a member loses configured work only beyond its fair share;
 * lost work is held for exactly the delay, unless its worker comes back. Checked once the group settles: every
 * connector and task has exactly one owner, balanced per worker and per connector.
 */
class CooperativeAssignorPropertiesTest {

    sealed interface Op {}

    record Join(int worker) implements Op {}

    record Leave(int worker) implements Op {}

    record Put(int connector, int tasks) implements Op {}

    record Delete(int connector) implements Op {}

    record Tick(int ms) implements Op {}

    @Property(tries = 1000)
    void everyRebalanceIsSafeAndTheGroupSettlesBalanced(
            @ForAll("delays") long delay, @ForAll("operations") List<Op> operations) {
        Cluster cluster = new Cluster(new CooperativeAssignor(delay));
        for (Op op : operations) {
            cluster.apply(op);
        }
        cluster.settle();

        if (!cluster.running.isEmpty()) {
            Map<Object, Integer> owners = new HashMap<>();
            cluster.running.values().forEach(a -> {
                a.connectors().forEach(c -> owners.merge(c, 1, Integer::sum));
                a.tasks().forEach(t -> owners.merge(t, 1, Integer::sum));
            });
            assertThat(owners.keySet()).isEqualTo(configured(cluster.configs));
            assertThat(owners.values()).allMatch(n -> n == 1);
            assertThat(imbalance(cluster.running, cluster.configs)).isLessThanOrEqualTo(1);
        }
    }

    @Provide
    Arbitrary<Long> delays() {
        return Arbitraries.of(0L, 1L, 1_000L, 5_000L, 300_000L);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> worker = Arbitraries.integers().between(0, 4);
        Arbitrary<Integer> connector = Arbitraries.integers().between(0, 5);
        Arbitrary<Op> op = Arbitraries.oneOf(
                worker.map(Join::new),
                worker.map(Join::new),
                worker.map(Leave::new),
                Combinators.combine(connector, Arbitraries.integers().between(0, 7))
                        .as(Put::new),
                Combinators.combine(connector, Arbitraries.integers().between(0, 7))
                        .as(Put::new),
                connector.map(Delete::new),
                Arbitraries.integers().between(0, 8_000).map(Tick::new));
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    static Set<Object> configured(Map<String, Integer> configs) {
        Set<Object> all = new HashSet<>();
        configs.forEach((connector, tasks) -> {
            all.add(connector);
            for (int t = 0; t < tasks; t++) {
                all.add(new ConnectorTaskId(connector, t));
            }
        });
        return all;
    }

    /** The group as members that obey, and the leader's assignor with its state. */
    static final class Cluster {
        final CooperativeAssignor assignor;
        final SortedMap<String, Allocation> running = new TreeMap<>();
        final SortedMap<String, Integer> configs = new TreeMap<>();
        AssignorState state = AssignorState.initial();
        long now;
        long rejoinAt = -1;

        Cluster(CooperativeAssignor assignor) {
            this.assignor = assignor;
        }

        void apply(Op op) {
            if (op instanceof Join join) {
                if (running.putIfAbsent("w" + join.worker(), Allocation.empty()) == null) {
                    rebalance();
                }
            } else if (op instanceof Leave leave) {
                if (running.remove("w" + leave.worker()) != null) {
                    rebalance();
                }
            } else if (op instanceof Put put) {
                configs.put("c" + put.connector(), put.tasks());
                rebalance();
            } else if (op instanceof Delete delete) {
                if (configs.remove("c" + delete.connector()) != null) {
                    rebalance();
                }
            } else if (op instanceof Tick tick) {
                long until = now + tick.ms();
                while (rejoinAt >= 0 && rejoinAt <= until) {
                    now = Math.max(now, rejoinAt);
                    rebalance();
                }
                now = until;
            }
        }

        /** Lets time pass and the members rejoin until a rebalance changes nothing. */
        void settle() {
            for (int i = 0; i < 30; i++) {
                if (rejoinAt >= 0) {
                    now = Math.max(now, rejoinAt);
                }
                AssignorResult result = rebalance();
                if (result.scheduledDelayMs() == 0
                        && result.members().values().stream()
                                .allMatch(m ->
                                        m.assigned().isEmpty() && m.revoked().isEmpty())) {
                    return;
                }
            }
            throw new AssertionError("the group did not settle: " + running + " " + state);
        }

        /** One rebalance, and the follow-ups that revocations cause, each checked. */
        AssignorResult rebalance() {
            AssignorResult result;
            int rounds = 0;
            do {
                result = assignor.assign(state, running, configs, now);
                check(result);
                running.clear();
                running.putAll(owned(result));
                state = result.nextState();
                rejoinAt = result.scheduledDelayMs() > 0 ? now + result.scheduledDelayMs() : -1;
                assertThat(++rounds).as("follow-up rebalances").isLessThan(10);
            } while (result.members().values().stream()
                    .anyMatch(m -> !m.revoked().isEmpty()));
            return result;
        }

        private void check(AssignorResult result) {
            Set<Object> configured = configured(configs);
            Set<Object> heldBefore = new HashSet<>();
            running.values().forEach(a -> {
                heldBefore.addAll(a.connectors());
                heldBefore.addAll(a.tasks());
            });
            assertThat(result.members().keySet()).isEqualTo(running.keySet());
            Map<Object, String> owner = new HashMap<>();
            int workers = running.size();
            result.members().forEach((member, m) -> {
                Allocation before = running.get(member);
                // Cooperative safety: only work nobody holds is started, and only configured work.
                for (Object started : items(m.assigned())) {
                    assertThat(heldBefore).as("started while held").doesNotContain(started);
                    assertThat(configured).contains(started);
                }
                assertThat(items(before)).containsAll(items(m.revoked()));
                Set<Object> expected = items(before);
                expected.removeAll(items(m.revoked()));
                expected.addAll(items(m.assigned()));
                assertThat(items(m.owned())).isEqualTo(expected);
                for (Object item : items(m.owned())) {
                    assertThat(owner.put(item, member))
                            .as("owned twice: %s", item)
                            .isNull();
                }
                // Deleted work always goes; configured work only beyond the member's fair share.
                for (Object item : items(before)) {
                    if (!configured.contains(item)) {
                        assertThat(items(m.revoked())).contains(item);
                    }
                }
                long revokedConnectors = m.revoked().connectors().stream()
                        .filter(configured::contains)
                        .count();
                long heldConnectors = before.connectors().stream()
                        .filter(configured::contains)
                        .count();
                assertThat(revokedConnectors)
                        .isLessThanOrEqualTo(Math.max(0, heldConnectors - configs.size() / workers));
                configs.forEach((connector, tasks) -> {
                    long revoked = m.revoked().tasks().stream()
                            .filter(t -> t.connector().equals(connector) && t.task() < tasks)
                            .count();
                    long held = before.tasks().stream()
                            .filter(t -> t.connector().equals(connector) && t.task() < tasks)
                            .count();
                    assertThat(revoked).isLessThanOrEqualTo(Math.max(0, held - tasks / workers));
                });
            });
            // Lost work: held for exactly the delay from when it was found lost, never past its deadline, and only
            // given back early to the worker it came from.
            SortedMap<Object, LostWork> lostBefore = new TreeMap<>(Cluster::compareItems);
            lostBefore.putAll(state.lostConnectors());
            lostBefore.putAll(state.lostTasks());
            SortedMap<Object, LostWork> lostAfter = new TreeMap<>(Cluster::compareItems);
            lostAfter.putAll(result.nextState().lostConnectors());
            lostAfter.putAll(result.nextState().lostTasks());
            lostAfter.forEach((item, lost) -> {
                assertThat(lost.deadlineMs()).isGreaterThan(now);
                assertThat(owner).doesNotContainKey(item);
                LostWork earlier = lostBefore.get(item);
                assertThat(lost.deadlineMs())
                        .isEqualTo(earlier != null ? earlier.deadlineMs() : now + assignor.maxDelayMs());
                assertThat(running).doesNotContainKey(lost.previousOwner());
            });
            // Work of a departed worker that nobody holds is held back until its deadline, then given out.
            Map<Object, String> departed = new HashMap<>();
            state.previousAssignment().forEach((worker, allocation) -> {
                if (!running.containsKey(worker)) {
                    items(allocation).forEach(item -> departed.put(item, worker));
                }
            });
            lostBefore.forEach((item, lost) -> departed.put(item, lost.previousOwner()));
            departed.forEach((item, worker) -> {
                if (!configured.contains(item) || heldBefore.contains(item) || running.containsKey(worker)) {
                    return;
                }
                LostWork earlier = lostBefore.get(item);
                long deadline = earlier != null ? earlier.deadlineMs() : now + assignor.maxDelayMs();
                if (now < deadline) {
                    assertThat(lostAfter).as("held back: %s", item).containsKey(item);
                } else if (workers > 0) {
                    assertThat(owner).as("given out at its deadline: %s", item).containsKey(item);
                }
            });
            lostBefore.forEach((item, lost) -> {
                String to = owner.get(item);
                if (to != null && now < lost.deadlineMs()) {
                    assertThat(running).as("given out early").containsKey(lost.previousOwner());
                }
            });
            if (workers > 0) {
                Set<Object> unowned = new HashSet<>(configured);
                unowned.removeAll(owner.keySet());
                result.members().values().forEach(m -> unowned.removeAll(items(m.revoked())));
                unowned.removeAll(lostAfter.keySet());
                assertThat(unowned)
                        .as("configured work neither owned, revoked nor lost")
                        .isEmpty();
            }
            // Everyone rejoins exactly when the first held-back work is due or the revocation back-off ends.
            long wakeUp = lostAfter.values().stream()
                    .mapToLong(LostWork::deadlineMs)
                    .min()
                    .orElse(Long.MAX_VALUE);
            long heldUntil = result.nextState().revocationsHeldUntilMs();
            if (heldUntil != 0) {
                assertThat(heldUntil).isGreaterThan(now);
                wakeUp = Math.min(wakeUp, heldUntil);
            }
            assertThat(result.scheduledDelayMs()).isEqualTo(wakeUp == Long.MAX_VALUE ? 0 : (int) (wakeUp - now));
        }

        private static int compareItems(Object a, Object b) {
            return a.toString().compareTo(b.toString()) != 0
                    ? a.toString().compareTo(b.toString())
                    : a.getClass().getName().compareTo(b.getClass().getName());
        }

        private static Set<Object> items(Allocation allocation) {
            Set<Object> items = new HashSet<>(allocation.connectors());
            items.addAll(allocation.tasks());
            return items;
        }
    }
}
