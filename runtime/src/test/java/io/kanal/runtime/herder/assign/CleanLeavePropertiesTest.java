package io.kanal.runtime.herder.assign;

import static io.kanal.runtime.herder.assign.AssignorFixtures.configs;
import static io.kanal.runtime.herder.assign.AssignorFixtures.imbalance;
import static io.kanal.runtime.herder.assign.AssignorFixtures.members;
import static io.kanal.runtime.herder.assign.AssignorFixtures.owned;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Clean leaves (issue 15's "a worker that leaves cleanly has its work reassigned at once"): the assignor gives a
 * cleanly departed worker's work out in the rebalance that finds it gone, remembers where it came from, and when that
 * worker returns moves exactly that work back. Random histories of joins, crashes, clean leaves, config changes and
 * time, checked in every rebalance (nothing started while held elsewhere, nothing owned twice) and once settled
 * (complete and balanced); and the promise of a restart: whoever leaves and comes back within the delay, cleanly or
 * not, ends with its own work, and every other worker with exactly what it had.
 */
class CleanLeavePropertiesTest {
    private static final long DELAY = 5_000;

    sealed interface Op {}

    record Join(int worker) implements Op {}

    record Crash(int worker) implements Op {}

    record LeaveCleanly(int worker) implements Op {}

    record Put(int connector, int tasks) implements Op {}

    record Tick(int ms) implements Op {}

    @Test
    void aCleanlyDepartedWorkersWorkMovesAtOnceAndOnlyItComesBack() {
        CooperativeAssignor assignor = new CooperativeAssignor(DELAY);
        SortedMap<String, Integer> configs = configs("a", 3, "b", 3);
        AssignorResult first = assignor.assign(
                AssignorState.initial(),
                members("w1", Allocation.empty(), "w2", Allocation.empty(), "w3", Allocation.empty()),
                configs,
                0);
        AssignorResult stable = assignor.assign(first.nextState(), owned(first), configs, 0);
        SortedMap<String, Allocation> before = owned(stable);
        SortedMap<String, Allocation> survivors = new TreeMap<>(before);
        Allocation w3 = survivors.remove("w3");

        AssignorResult gone = assignor.assign(stable.nextState(), survivors, configs, Set.of("w3"), 1_000);

        assertThat(gone.scheduledDelayMs()).isZero();
        assertThat(gone.nextState().holdsLostWork()).isFalse();
        Set<Object> given = new HashSet<>();
        gone.members().values().forEach(m -> {
            assertThat(m.revoked().isEmpty()).isTrue();
            given.addAll(m.assigned().connectors());
            given.addAll(m.assigned().tasks());
        });
        Set<Object> expected = new HashSet<>(w3.connectors());
        expected.addAll(w3.tasks());
        assertThat(given).isEqualTo(expected);
        assertThat(gone.nextState().connectorHomes().values()).allMatch("w3"::equals);
        assertThat(gone.nextState().taskHomes().keySet()).isEqualTo(w3.tasks());

        SortedMap<String, Allocation> back = owned(gone);
        back.put("w3", Allocation.empty());
        AssignorResult homecoming = assignor.assign(gone.nextState(), back, configs, 2_000);

        // Only w3's work is revoked, from whoever holds it; nothing is started yet.
        Set<Object> revoked = new HashSet<>();
        homecoming.members().values().forEach(m -> {
            assertThat(m.assigned().isEmpty()).isTrue();
            revoked.addAll(m.revoked().connectors());
            revoked.addAll(m.revoked().tasks());
        });
        assertThat(revoked).isEqualTo(expected);

        AssignorResult followUp = assignor.assign(homecoming.nextState(), owned(homecoming), configs, 2_001);

        assertThat(followUp.member("w3").assigned()).isEqualTo(w3);
        assertThat(owned(followUp)).isEqualTo(before);
        assertThat(followUp.nextState().connectorHomes()).isEmpty();
        assertThat(followUp.nextState().taskHomes()).isEmpty();
    }

    @Property(tries = 500)
    void aWorkerBackWithinTheDelayGetsItsOwnWorkAndNobodyElsesMoves(
            @ForAll @IntRange(min = 2, max = 5) int workers,
            @ForAll("taskCounts") List<Integer> taskCounts,
            @ForAll @IntRange(min = 0, max = 4) int leaver,
            @ForAll boolean clean,
            @ForAll @IntRange(min = 0, max = 4_999) int away) {
        Cluster cluster = new Cluster(new CooperativeAssignor(DELAY));
        for (int c = 0; c < taskCounts.size(); c++) {
            cluster.configs.put("c" + c, taskCounts.get(c));
        }
        for (int w = 0; w < workers; w++) {
            cluster.apply(new Join(w));
        }
        cluster.settle();
        SortedMap<String, Allocation> before = new TreeMap<>(cluster.running);
        int who = leaver % workers;

        cluster.apply(clean ? new LeaveCleanly(who) : new Crash(who));
        cluster.now += away;
        cluster.apply(new Join(who));
        cluster.settle();

        assertThat(cluster.running).isEqualTo(before);
    }

    @Property(tries = 500)
    void everyRebalanceIsSafeAndTheGroupSettlesCompleteAndBalanced(@ForAll("operations") List<Op> operations) {
        Cluster cluster = new Cluster(new CooperativeAssignor(DELAY));
        for (Op op : operations) {
            cluster.apply(op);
        }
        cluster.now += DELAY;
        cluster.settle();

        if (!cluster.running.isEmpty()) {
            Map<Object, Integer> owners = new HashMap<>();
            cluster.running.values().forEach(a -> {
                a.connectors().forEach(c -> owners.merge(c, 1, Integer::sum));
                a.tasks().forEach(t -> owners.merge(t, 1, Integer::sum));
            });
            assertThat(owners.keySet()).isEqualTo(CooperativeAssignorPropertiesTest.configured(cluster.configs));
            assertThat(owners.values()).allMatch(n -> n == 1);
            assertThat(imbalance(cluster.running, cluster.configs)).isLessThanOrEqualTo(1);
        }
    }

    @Provide
    Arbitrary<List<Integer>> taskCounts() {
        return Arbitraries.integers().between(0, 7).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> worker = Arbitraries.integers().between(0, 4);
        Arbitrary<Op> op = Arbitraries.oneOf(
                worker.map(Join::new),
                worker.map(Join::new),
                worker.map(Crash::new),
                worker.map(LeaveCleanly::new),
                Combinators.combine(
                                Arbitraries.integers().between(0, 5),
                                Arbitraries.integers().between(0, 7))
                        .as(Put::new),
                Arbitraries.integers().between(0, 8_000).map(Tick::new));
        return op.list().ofMinSize(1).ofMaxSize(50);
    }

    /** Members that obey, a leader with its state, and the set of workers whose last departure was clean. */
    static final class Cluster {
        final CooperativeAssignor assignor;
        final SortedMap<String, Allocation> running = new TreeMap<>();
        final SortedMap<String, Integer> configs = new TreeMap<>();
        final Set<String> clean = new TreeSet<>();
        AssignorState state = AssignorState.initial();
        long now;
        long rejoinAt = -1;

        Cluster(CooperativeAssignor assignor) {
            this.assignor = assignor;
        }

        void apply(Op op) {
            if (op instanceof Join join) {
                clean.remove("w" + join.worker());
                if (running.putIfAbsent("w" + join.worker(), Allocation.empty()) == null) {
                    rebalance();
                }
            } else if (op instanceof Crash crash) {
                if (running.remove("w" + crash.worker()) != null) {
                    rebalance();
                }
            } else if (op instanceof LeaveCleanly leave) {
                if (running.remove("w" + leave.worker()) != null) {
                    clean.add("w" + leave.worker());
                    rebalance();
                }
            } else if (op instanceof Put put) {
                configs.put("c" + put.connector(), put.tasks());
                rebalance();
            } else if (op instanceof Tick tick) {
                long until = now + tick.ms();
                while (rejoinAt >= 0 && rejoinAt <= until) {
                    now = Math.max(now, rejoinAt);
                    rebalance();
                }
                now = until;
            }
        }

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

        AssignorResult rebalance() {
            AssignorResult result;
            int rounds = 0;
            do {
                result = assignor.assign(state, running, configs, clean, now);
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
            Set<Object> heldBefore = new HashSet<>();
            running.values().forEach(a -> heldBefore.addAll(items(a)));
            Set<Object> configured = CooperativeAssignorPropertiesTest.configured(configs);
            Map<Object, String> owner = new HashMap<>();
            result.members().forEach((member, m) -> {
                for (Object started : items(m.assigned())) {
                    assertThat(heldBefore).as("started while held").doesNotContain(started);
                    assertThat(configured).contains(started);
                }
                Set<Object> expected = items(running.get(member));
                expected.removeAll(items(m.revoked()));
                expected.addAll(items(m.assigned()));
                assertThat(items(m.owned())).isEqualTo(expected);
                for (Object item : items(m.owned())) {
                    assertThat(owner.put(item, member))
                            .as("owned twice: %s", item)
                            .isNull();
                }
            });
            // A cleanly departed worker's work is never held back.
            result.nextState().lostConnectors().values().forEach(l -> assertThat(clean)
                    .doesNotContain(l.previousOwner()));
            result.nextState().lostTasks().values().forEach(l -> assertThat(clean)
                    .doesNotContain(l.previousOwner()));
        }

        private static Set<Object> items(Allocation allocation) {
            Set<Object> items = new HashSet<>(allocation.connectors());
            items.addAll(allocation.tasks());
            return items;
        }
    }
}
