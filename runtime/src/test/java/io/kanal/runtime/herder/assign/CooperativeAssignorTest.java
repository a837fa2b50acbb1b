package io.kanal.runtime.herder.assign;

import static io.kanal.runtime.herder.assign.AssignorFixtures.configs;
import static io.kanal.runtime.herder.assign.AssignorFixtures.imbalance;
import static io.kanal.runtime.herder.assign.AssignorFixtures.members;
import static io.kanal.runtime.herder.assign.AssignorFixtures.owned;
import static io.kanal.runtime.herder.assign.AssignorFixtures.work;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.utils.internals.ExponentialBackoff;
import org.junit.jupiter.api.Test;

/** One test per rule of {@link CooperativeAssignor}. */
class CooperativeAssignorTest {

    private static final long DELAY = 10_000;

    private final CooperativeAssignor assignor = new CooperativeAssignor(DELAY);

    @Test
    void newWorkIsSpreadOverEmptyMembersPerWorkerAndPerConnector() {
        AssignorResult result = assignor.assign(
                AssignorState.initial(),
                members("w1", Allocation.empty(), "w2", Allocation.empty(), "w3", Allocation.empty()),
                configs("a", 3, "b", 3),
                0);

        assertThat(result.scheduledDelayMs()).isZero();
        result.members().values().forEach(m -> {
            assertThat(m.revoked().isEmpty()).isTrue();
            assertThat(m.assigned()).isEqualTo(m.owned());
            assertThat(m.owned().taskCount("a")).isEqualTo(1);
            assertThat(m.owned().taskCount("b")).isEqualTo(1);
        });
        assertThat(result.member("w1").owned().connectors()).containsExactly("a");
        assertThat(result.member("w2").owned().connectors()).containsExactly("b");
        assertThat(result.member("w3").owned().connectors()).isEmpty();
        assertThat(everything(owned(result))).hasSize(8);
    }

    @Test
    void aStableGroupGetsNothingNewAndLosesNothing() {
        SortedMap<String, Integer> configs = configs("a", 3, "b", 5, "c", 1);
        AssignorResult first = assignor.assign(
                AssignorState.initial(),
                members("w1", Allocation.empty(), "w2", Allocation.empty(), "w3", Allocation.empty()),
                configs,
                0);

        AssignorResult second = assignor.assign(first.nextState(), owned(first), configs, 5);

        second.members().values().forEach(m -> {
            assertThat(m.assigned().isEmpty()).isTrue();
            assertThat(m.revoked().isEmpty()).isTrue();
        });
        assertThat(owned(second)).isEqualTo(owned(first));
        assertThat(second.scheduledDelayMs()).isZero();
        assertThat(imbalance(owned(second), configs)).isLessThanOrEqualTo(1);
    }

    @Test
    void aJoiningWorkerTakesOnlyTheExcessInTwoRounds() {
        SortedMap<String, Integer> configs = configs("a", 4, "b", 2);
        Allocation w1 = work("a", "a/0", "a/1", "b/0");
        Allocation w2 = work("b", "a/2", "a/3", "b/1");

        AssignorResult revoking = assignor.assign(
                AssignorState.initial(), members("w1", w1, "w2", w2, "w3", Allocation.empty()), configs, 0);

        // 6 tasks over 3 workers: each of the two loaded workers gives up exactly one task, nothing else moves.
        assertThat(revoking.member("w1").revoked().tasks()).hasSize(1);
        assertThat(revoking.member("w2").revoked().tasks()).hasSize(1);
        assertThat(revoking.members().values())
                .allMatch(m -> m.revoked().connectors().isEmpty());
        assertThat(revoking.member("w3").assigned().isEmpty()).isTrue();
        Set<ConnectorTaskId> revoked =
                new HashSet<>(revoking.member("w1").revoked().tasks());
        revoked.addAll(revoking.member("w2").revoked().tasks());

        AssignorResult followUp = assignor.assign(revoking.nextState(), owned(revoking), configs, 1);

        assertThat(followUp.member("w3").assigned().tasks()).containsExactlyInAnyOrderElementsOf(revoked);
        assertThat(followUp.members().values()).allMatch(m -> m.revoked().isEmpty());
        assertThat(imbalance(owned(followUp), configs)).isLessThanOrEqualTo(1);
        assertThat(everything(owned(followUp))).hasSize(8);
    }

    @Test
    void tasksAreBalancedPerConnectorNotOnlyPerWorker() {
        SortedMap<String, Integer> configs = configs("a", 2, "b", 2);

        AssignorResult revoking = assignor.assign(
                AssignorState.initial(), members("w1", work("a/0", "a/1"), "w2", work("b/0", "b/1")), configs, 0);

        assertThat(revoking.member("w1").revoked()).isEqualTo(work("a/1"));
        assertThat(revoking.member("w2").revoked()).isEqualTo(work("b/1"));
        assertThat(revoking.member("w1").assigned()).isEqualTo(work("a"));
        assertThat(revoking.member("w2").assigned()).isEqualTo(work("b"));

        AssignorResult followUp = assignor.assign(revoking.nextState(), owned(revoking), configs, 1);

        assertThat(followUp.member("w1").owned()).isEqualTo(work("a", "a/0", "b/1"));
        assertThat(followUp.member("w2").owned()).isEqualTo(work("b", "a/1", "b/0"));
    }

    @Test
    void aDeletedConnectorIsRevokedWithItsTasksAndNothingElseMoves() {
        AssignorResult result = assignor.assign(
                AssignorState.initial(),
                members("w1", work("a", "a/0", "b/0"), "w2", work("b", "a/1", "b/1")),
                configs("a", 2),
                0);

        assertThat(result.member("w1").revoked()).isEqualTo(work("b/0"));
        assertThat(result.member("w2").revoked()).isEqualTo(work("b", "b/1"));
        assertThat(result.member("w1").owned()).isEqualTo(work("a", "a/0"));
        assertThat(result.member("w2").owned()).isEqualTo(work("a/1"));
    }

    @Test
    void fewerTasksRevokeTheHigherTaskNumbers() {
        AssignorResult result = assignor.assign(
                AssignorState.initial(),
                members("w1", work("a", "a/0", "a/2"), "w2", work("a/1", "a/3")),
                configs("a", 2),
                0);

        assertThat(result.member("w1").revoked()).isEqualTo(work("a/2"));
        assertThat(result.member("w2").revoked()).isEqualTo(work("a/3"));
        assertThat(result.member("w1").assigned().isEmpty()).isTrue();
        assertThat(result.member("w2").assigned().isEmpty()).isTrue();
    }

    @Test
    void workReportedTwiceStaysWithItsAssignedOwner() {
        AssignorState state = new AssignorState(
                new TreeMap<>(Map.of("w2", work("a/0"))), new TreeMap<>(), new TreeMap<>(), false, 0, 0);

        AssignorResult result =
                assignor.assign(state, members("w1", work("a/0"), "w2", work("a/0")), configs("a", 1), 0);

        assertThat(result.member("w1").revoked()).isEqualTo(work("a/0"));
        assertThat(result.member("w2").revoked().isEmpty()).isTrue();
        assertThat(result.member("w2").owned()).isEqualTo(work("a/0"));
    }

    @Test
    void aDepartedWorkersWorkIsHeldForTheDelayThenSpread() {
        SortedMap<String, Integer> configs = configs("a", 3, "b", 3);
        AssignorResult stable = threeWorkers(assignor, configs);
        Allocation w3 = stable.member("w3").owned();
        SortedMap<String, Allocation> survivors = owned(stable);
        survivors.remove("w3");

        AssignorResult lost = assignor.assign(stable.nextState(), survivors, configs, 1_000);

        assertThat(lost.members().values())
                .allMatch(m -> m.assigned().isEmpty() && m.revoked().isEmpty());
        assertThat(lost.scheduledDelayMs()).isEqualTo((int) DELAY);
        assertThat(lost.nextState().lostTasks().keySet()).isEqualTo(w3.tasks());
        assertThat(lost.nextState().lostTasks().values())
                .allMatch(l -> l.deadlineMs() == 11_000 && l.previousOwner().equals("w3"));

        AssignorResult stillLost = assignor.assign(lost.nextState(), survivors, configs, 10_999);

        assertThat(stillLost.members().values()).allMatch(m -> m.assigned().isEmpty());
        assertThat(stillLost.scheduledDelayMs()).isEqualTo(1);

        AssignorResult spread = assignor.assign(stillLost.nextState(), survivors, configs, 11_000);

        assertThat(spread.scheduledDelayMs()).isZero();
        assertThat(spread.nextState().holdsLostWork()).isFalse();
        assertThat(spread.members().values()).allMatch(m -> m.revoked().isEmpty());
        assertThat(everything(owned(spread))).hasSize(8);
        assertThat(imbalance(owned(spread), configs)).isLessThanOrEqualTo(1);
    }

    @Test
    void aWorkerThatComesBackUnderItsIdGetsItsOwnWorkBackAtOnce() {
        SortedMap<String, Integer> configs = configs("a", 3, "b", 3);
        AssignorResult stable = threeWorkers(assignor, configs);
        SortedMap<String, Allocation> survivors = owned(stable);
        Allocation w3 = survivors.remove("w3");
        AssignorResult lost = assignor.assign(stable.nextState(), survivors, configs, 1_000);

        SortedMap<String, Allocation> back = new TreeMap<>(survivors);
        back.put("w3", Allocation.empty());
        AssignorResult returned = assignor.assign(lost.nextState(), back, configs, 3_000);

        assertThat(returned.member("w3").assigned()).isEqualTo(w3);
        assertThat(returned.members().values()).allMatch(m -> m.revoked().isEmpty());
        assertThat(returned.member("w1").assigned().isEmpty()).isTrue();
        assertThat(returned.scheduledDelayMs()).isZero();
        assertThat(returned.nextState().holdsLostWork()).isFalse();
    }

    @Test
    void aWorkerThatComesBackUnderANewIdGetsTheLostWorkWhenTheDelayExpires() {
        SortedMap<String, Integer> configs = configs("a", 3, "b", 3);
        AssignorResult stable = threeWorkers(assignor, configs);
        SortedMap<String, Allocation> survivors = owned(stable);
        Allocation w3 = survivors.remove("w3");
        AssignorResult lost = assignor.assign(stable.nextState(), survivors, configs, 1_000);

        SortedMap<String, Allocation> withNew = new TreeMap<>(survivors);
        withNew.put("w4", Allocation.empty());
        AssignorResult waiting = assignor.assign(lost.nextState(), withNew, configs, 2_000);

        assertThat(waiting.members().values())
                .allMatch(m -> m.assigned().isEmpty() && m.revoked().isEmpty());
        assertThat(waiting.scheduledDelayMs()).isEqualTo(9_000);

        AssignorResult expired = assignor.assign(waiting.nextState(), withNew, configs, 11_000);

        assertThat(expired.member("w4").assigned()).isEqualTo(w3);
        assertThat(expired.members().values()).allMatch(m -> m.revoked().isEmpty());
    }

    @Test
    void aZeroDelayGivesLostWorkOutInTheRebalanceThatFindsIt() {
        CooperativeAssignor immediate = new CooperativeAssignor(0);
        SortedMap<String, Integer> configs = configs("a", 3, "b", 3);
        AssignorResult stable = threeWorkers(immediate, configs);
        SortedMap<String, Allocation> survivors = owned(stable);
        Allocation w3 = survivors.remove("w3");

        AssignorResult result = immediate.assign(stable.nextState(), survivors, configs, 1_000);

        assertThat(result.scheduledDelayMs()).isZero();
        assertThat(result.nextState().holdsLostWork()).isFalse();
        Set<Object> given = new HashSet<>();
        result.members().values().forEach(m -> {
            given.addAll(m.assigned().connectors());
            given.addAll(m.assigned().tasks());
        });
        Set<Object> expected = new HashSet<>(w3.connectors());
        expected.addAll(w3.tasks());
        assertThat(given).isEqualTo(expected);
        assertThat(imbalance(owned(result), configs)).isLessThanOrEqualTo(1);
    }

    @Test
    void whileLostWorkIsHeldNewWorkIsPlacedButNothingIsRevokedForBalance() {
        SortedMap<String, Integer> configs = configs("a", 3, "b", 3);
        AssignorResult stable = threeWorkers(assignor, configs);
        SortedMap<String, Allocation> survivors = owned(stable);
        survivors.remove("w3");
        AssignorResult lost = assignor.assign(stable.nextState(), survivors, configs, 1_000);
        SortedMap<String, Allocation> withNew = new TreeMap<>(survivors);
        withNew.put("w4", Allocation.empty());
        SortedMap<String, Integer> more = configs("a", 3, "b", 3, "c", 2);

        AssignorResult result = assignor.assign(lost.nextState(), withNew, more, 2_000);

        assertThat(result.members().values()).allMatch(m -> m.revoked().isEmpty());
        assertThat(everything(owned(result))).containsAll(everything(Map.of("new", work("c", "c/0", "c/1"))));
        assertThat(result.nextState().lostTasks()).hasSize(2);
        assertThat(result.scheduledDelayMs()).isEqualTo(9_000);
    }

    @Test
    void workThatAPresentMemberDidNotPickUpGoesBackToItAtOnce() {
        AssignorState state = new AssignorState(
                new TreeMap<>(Map.of("w1", work("a/0"), "w2", work("a/1"))),
                new TreeMap<>(),
                new TreeMap<>(),
                false,
                0,
                0);

        AssignorResult result =
                assignor.assign(state, members("w1", Allocation.empty(), "w2", work("a/1")), configs("a", 2), 0);

        assertThat(result.member("w1").assigned().tasks()).containsExactly(new ConnectorTaskId("a", 0));
        assertThat(result.nextState().holdsLostWork()).isFalse();
    }

    @Test
    void consecutiveRevokingRebalancesBackOff() {
        CooperativeAssignor slow = new CooperativeAssignor(300_000);
        SortedMap<String, Integer> configs = configs("a", 4);
        SortedMap<String, Allocation> two = members("w1", work("a/0", "a/1"), "w2", work("a/2", "a/3"));
        two.put("w3", Allocation.empty());

        AssignorResult first = slow.assign(AssignorState.initial(), two, configs, 0);
        assertThat(revokedTasks(first)).isEqualTo(1);

        SortedMap<String, Allocation> four = owned(first);
        four.put("w4", Allocation.empty());
        AssignorResult held = slow.assign(first.nextState(), four, configs, 10);

        assertThat(revokedTasks(held)).isZero();
        assertThat(held.scheduledDelayMs()).isEqualTo(40);
        assertThat(held.nextState().consecutiveRevokingRounds()).isEqualTo(1);

        AssignorResult second = slow.assign(held.nextState(), owned(held), configs, 50);
        assertThat(revokedTasks(second)).isEqualTo(1);

        AssignorResult settled = slow.assign(second.nextState(), owned(second), configs, 50);
        assertThat(revokedTasks(settled)).isZero();
        assertThat(settled.nextState().consecutiveRevokingRounds()).isZero();
        assertThat(owned(settled).values()).allMatch(a -> a.tasks().size() == 1);
    }

    @Test
    void theBackOffIsConnectsExponentialBackoffAndZeroWithoutADelay() {
        for (long max : new long[] {1, 39, 40, 1_000, 2_000, 300_000}) {
            ExponentialBackoff connect = new ExponentialBackoff(1, 40, max, 0);
            CooperativeAssignor ours = new CooperativeAssignor(max);
            for (int rounds = 1; rounds <= 6; rounds++) {
                // Connect reaches the cap through a fractional power and may land one millisecond short of it.
                assertThat(ours.revocationBackoffMs(rounds))
                        .as("max %d, round %d", max, rounds)
                        .isCloseTo(connect.backoff(rounds), within(1L));
            }
        }
        assertThat(new CooperativeAssignor(0).revocationBackoffMs(3)).isZero();
    }

    @Test
    void withoutMembersNothingIsAssignedAndTheWorkIsHeldAsLost() {
        SortedMap<String, Integer> configs = configs("a", 1);
        AssignorResult stable = assignor.assign(AssignorState.initial(), members("w1", Allocation.empty()), configs, 0);

        AssignorResult empty = assignor.assign(stable.nextState(), new TreeMap<>(), configs, 100);

        assertThat(empty.members()).isEmpty();
        assertThat(empty.nextState().lostConnectors()).containsOnlyKeys("a");
        assertThat(empty.nextState().lostTasks()).containsOnlyKeys(new ConnectorTaskId("a", 0));
        assertThat(empty.scheduledDelayMs()).isEqualTo((int) DELAY);
    }

    @Test
    void aLargeClusterRebalancesQuickly() {
        SortedMap<String, Integer> configs = new TreeMap<>();
        for (int c = 0; c < 1_000; c++) {
            configs.put(String.format("c%04d", c), 1 + (c * 7) % 10);
        }
        SortedMap<String, Allocation> members = new TreeMap<>();
        for (int w = 1; w <= 7; w++) {
            members.put("w" + w, Allocation.empty());
        }
        AssignorResult spread = assignor.assign(AssignorState.initial(), members, configs, 0);
        SortedMap<String, Allocation> joined = owned(spread);
        joined.put("w8", Allocation.empty());

        long start = System.nanoTime();
        AssignorResult revoking = assignor.assign(spread.nextState(), joined, configs, 1);
        AssignorResult followUp = assignor.assign(revoking.nextState(), owned(revoking), configs, 2);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(imbalance(owned(followUp), configs)).isLessThanOrEqualTo(1);
        assertThat(followUp.member("w8").owned().tasks()).hasSizeBetween(687, 688);
        // About 0.3 s on a loaded 2-core machine; the bound only catches a blow-up of the quota flow.
        assertThat(tookMs)
                .as("two rebalances of 1,000 connectors and 5,500 tasks")
                .isLessThan(5_000);
    }

    @Test
    void rejectsNegativeTaskCountsAndDelays() {
        assertThatThrownBy(() -> assignor.assign(AssignorState.initial(), Map.of(), configs("a", -1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task count of a");
        assertThatThrownBy(() -> new CooperativeAssignor(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static AssignorResult threeWorkers(CooperativeAssignor assignor, SortedMap<String, Integer> configs) {
        AssignorResult first = assignor.assign(
                AssignorState.initial(),
                members("w1", Allocation.empty(), "w2", Allocation.empty(), "w3", Allocation.empty()),
                configs,
                0);
        return assignor.assign(first.nextState(), owned(first), configs, 0);
    }

    private static int revokedTasks(AssignorResult result) {
        return result.members().values().stream()
                .mapToInt(m -> m.revoked().tasks().size())
                .sum();
    }

    private static Set<Object> everything(Map<String, Allocation> owned) {
        Set<Object> all = new HashSet<>();
        int count = 0;
        for (Allocation allocation : owned.values()) {
            all.addAll(allocation.connectors());
            all.addAll(allocation.tasks());
            count += allocation.connectors().size() + allocation.tasks().size();
        }
        assertThat(all).as("no connector or task owned twice").hasSize(count);
        return all;
    }
}
