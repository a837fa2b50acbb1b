package io.kanal.runtime.herder.assign;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The incremental cooperative assignor of Connect's distributed mode (KIP-415), as a pure function: the leader passes
 * what each member reports holding, the configured connectors with their task counts, the time and the state this
 * assignor returned last time, and gets back what each member starts and stops, the delay after which the members
 * rejoin, and the next state. No I/O and no clock: the same inputs always give the same result.
 *
 * <p><b>Rules.</b> Work held by a member stays there unless it must move:
 *
 * <ul>
 *   <li>work of a deleted connector (or a task number at or above its task count) is revoked from whoever holds it;
 *   <li>work reported by several members stays with the one that was assigned it (else the first by id) and is
 *       revoked from the others;
 *   <li>work held by nobody is given out in the same rebalance, if it is new, was revoked earlier, or belonged to a
 *       worker that is a member again (it goes back to that worker);
 *   <li>work held by nobody whose worker has left the group is <i>lost</i>: it is held back for {@code maxDelayMs}
 *       after it was found lost, and then given out; the members are told to rejoin when the earliest such deadline
 *       expires ({@link AssignorResult#scheduledDelayMs()});
 *   <li>the load is balanced per worker and per connector: every worker runs {@code floor(n / workers)} or one more
 *       of the connectors, of all tasks, and of each connector's tasks. When a member holds more than its share, the
 *       excess is revoked and given out in the follow-up rebalance (the cooperative protocol never starts work on one
 *       member while another still runs it). The shares are chosen to keep as much in place as possible ({@link
 *       Quotas}). Nothing is revoked for balance while lost work is held back, since its worker may return;
 *   <li>when rebalances keep revoking for balance (workers joining one after another), the next balancing
 *       revocations wait {@code min(40^n, maxDelayMs)} milliseconds after the {@code n}-th consecutive one, as
 *       Connect's {@code ExponentialBackoff(1, 40, maxDelay)}.
 * </ul>
 *
 * <p>Work is never assigned to a member while any member still holds it, so when members stop what they are told to
 * revoke, no connector or task ever runs twice in one generation; once the group is stable every connector and task
 * has exactly one owner.
 *
 * <p><b>Failover in seconds.</b> {@code maxDelayMs} is Connect's {@code scheduled.rebalance.max.delay.ms}, whose
 * default of 5 minutes makes a dead worker's tasks wait 5 minutes. The function is correct for any value, {@code 0}
 * included (lost work is given out in the rebalance that finds it lost). The delay trades failover time against
 * stability:
 *
 * <ul>
 *   <li>a worker that dies (SIGKILL) has its tasks running elsewhere after {@code session.timeout.ms} (the broker
 *       notices) + up to {@code heartbeat.interval.ms} (the others rejoin) + {@code maxDelayMs} + the start of the
 *       tasks. With a session timeout of 6 s, heartbeats every 2 s and a delay of 5 s that is 13 s plus the start,
 *       within 15 s; Connect's defaults (10 s, 3 s, 5 min) give over 5 minutes;
 *   <li>a worker that leaves cleanly is noticed at once (LeaveGroup); if the leader is told it stopped its work
 *       first ({@code departedCleanly}), its work moves in that rebalance, else after {@code maxDelayMs}. Work moved
 *       that way remembers its home worker and goes back to it (only it) when that worker returns;
 *   <li>a worker that restarts cleanly (it leaves after stopping its tasks, starts in well under a second and rejoins
 *       within one heartbeat interval) is back before the delay expires, so its work waits for it and no other
 *       worker's task moves. If members are keyed by an id that survives a restart (the advertised REST URL of the
 *       join metadata rather than the broker's member id), it gets its own work back in the rebalance its rejoin
 *       causes; keyed by member id it is an empty member and gets the lost work when the delay expires, as in
 *       Connect. A restart longer than the delay spreads its work, and balancing moves some back when it returns.
 * </ul>
 *
 * <p>Immutable and stateless (the state travels in {@link AssignorState}); safe to call from any thread.
 */
public final class CooperativeAssignor {

    /** Connect's {@code ExponentialBackoff(1, 40, maxDelay)} for consecutive revoking rebalances. */
    private static final long BACKOFF_BASE = 40;

    private final long maxDelayMs;

    /**
     * An assignor holding back a departed worker's work for {@code maxDelayMs}.
     *
     * @param maxDelayMs Connect's {@code scheduled.rebalance.max.delay.ms}; {@code 0} gives lost work out at once
     */
    public CooperativeAssignor(long maxDelayMs) {
        if (maxDelayMs < 0 || maxDelayMs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxDelayMs must be in [0, " + Integer.MAX_VALUE + "]: " + maxDelayMs);
        }
        this.maxDelayMs = maxDelayMs;
    }

    /**
     * How long lost work is held back.
     *
     * @return the delay in milliseconds
     */
    public long maxDelayMs() {
        return maxDelayMs;
    }

    /**
     * How long balancing revocations wait after the {@code rounds}-th consecutive revoking rebalance.
     *
     * @param rounds consecutive revoking rebalances, from 1
     * @return the wait in milliseconds, {@code 0} when the delay is {@code 0}
     */
    long revocationBackoffMs(int rounds) {
        long backoff = 1;
        for (int i = 0; i < rounds && backoff < maxDelayMs; i++) {
            backoff *= BACKOFF_BASE;
        }
        return Math.min(backoff, maxDelayMs);
    }

    /**
     * Computes one rebalance.
     *
     * @param state what this assignor returned last time ({@link AssignorState#initial()} at first)
     * @param members per member id, what it reports holding (its join metadata's {@code Allocation})
     * @param taskCounts per configured connector, how many tasks it has (its task configs; {@code 0} before it has
     *     any)
     * @param nowMs the time
     * @return what each member starts and stops, the scheduled delay and the next state
     */
    public AssignorResult assign(
            AssignorState state, Map<String, Allocation> members, Map<String, Integer> taskCounts, long nowMs) {
        return assign(state, members, taskCounts, Set.of(), nowMs);
    }

    /**
     * Computes one rebalance, knowing which departed workers left cleanly.
     *
     * <p>A worker that left cleanly (it stopped its work and said so before leaving the group) is not coming back
     * soon, or if it is, its work is stopped anyway: its work is given out in this rebalance instead of being held
     * for {@code maxDelayMs}. The assignor remembers where that work came from ({@link
     * AssignorState#connectorHomes()}, {@link AssignorState#taskHomes()}): if the worker becomes a member again, that
     * work (and no other) is revoked from whoever holds it and goes back to it in the follow-up rebalance, so a clean
     * restart moves the restarting worker's work away and back, and nobody else's.
     *
     * @param state what this assignor returned last time ({@link AssignorState#initial()} at first)
     * @param members per member id, what it reports holding (its join metadata's {@code Allocation})
     * @param taskCounts per configured connector, how many tasks it has
     * @param departedCleanly workers, not members now, that left the group cleanly; other ids are ignored
     * @param nowMs the time
     * @return what each member starts and stops, the scheduled delay and the next state
     */
    public AssignorResult assign(
            AssignorState state,
            Map<String, Allocation> members,
            Map<String, Integer> taskCounts,
            Set<String> departedCleanly,
            long nowMs) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(departedCleanly, "departedCleanly");
        SortedMap<String, Allocation> reported = new TreeMap<>(members);
        SortedMap<String, Integer> counts = new TreeMap<>(taskCounts);
        counts.forEach((connector, count) -> {
            if (count == null || count < 0) {
                throw new IllegalArgumentException("task count of " + connector + " must be >= 0: " + count);
            }
        });
        Round round = new Round(reported, counts);

        Map<String, String> previousConnectorOwner = new HashMap<>();
        Map<ConnectorTaskId, String> previousTaskOwner = new HashMap<>();
        state.previousAssignment().forEach((worker, allocation) -> {
            allocation.connectors().forEach(c -> previousConnectorOwner.put(c, worker));
            allocation.tasks().forEach(t -> previousTaskOwner.put(t, worker));
        });

        Map<String, Integer> connectorOwner = round.keep(
                Allocation::connectors,
                counts::containsKey,
                previousConnectorOwner,
                round.keptConnectors,
                round.revokedConnectors);
        Map<ConnectorTaskId, Integer> taskOwner = round.keep(
                Allocation::tasks,
                t -> t.task() < counts.getOrDefault(t.connector(), 0),
                previousTaskOwner,
                round.keptTasks,
                round.revokedTasks);

        // Work of a worker that left cleanly and is a member again goes home: revoked now, placed next round.
        SortedMap<String, String> connectorHomes = new TreeMap<>();
        SortedMap<ConnectorTaskId, String> taskHomes = new TreeMap<>();
        int workerCount = Math.max(1, reported.size());
        List<Unowned<String>> homecomingConnectors = homecoming(
                state.connectorHomes(),
                counts::containsKey,
                c -> "",
                group -> ceilDiv(counts.size(), workerCount),
                connectorOwner,
                round,
                round.keptConnectors,
                round.revokedConnectors,
                connectorHomes);
        List<Unowned<ConnectorTaskId>> homecomingTasks = homecoming(
                state.taskHomes(),
                t -> t.task() < counts.getOrDefault(t.connector(), 0),
                ConnectorTaskId::connector,
                connector -> ceilDiv(counts.get(connector), workerCount),
                taskOwner,
                round,
                round.keptTasks,
                round.revokedTasks,
                taskHomes);

        SortedMap<String, LostWork> lostConnectors = new TreeMap<>();
        SortedMap<ConnectorTaskId, LostWork> lostTasks = new TreeMap<>();
        List<Unowned<String>> freeConnectors = unowned(
                counts.keySet(),
                connectorOwner,
                new Departures<>(state.lostConnectors(), previousConnectorOwner, departedCleanly, connectorHomes),
                round,
                nowMs,
                lostConnectors);
        List<Unowned<ConnectorTaskId>> freeTasks = unowned(
                round.configuredTasks(),
                taskOwner,
                new Departures<>(state.lostTasks(), previousTaskOwner, departedCleanly, taskHomes),
                round,
                nowMs,
                lostTasks);
        boolean holdingLost = !lostConnectors.isEmpty() || !lostTasks.isEmpty();

        // Balance: quotas per worker and connector (work on its way home counted as its home's), then revoke what
        // exceeds them (unless held back) and place the rest.
        List<Unowned<String>> countedConnectors = new ArrayList<>(freeConnectors);
        countedConnectors.addAll(homecomingConnectors);
        List<Unowned<ConnectorTaskId>> countedTasks = new ArrayList<>(freeTasks);
        countedTasks.addAll(homecomingTasks);
        round.computeQuotas(countedConnectors, countedTasks);
        boolean excess = round.hasExcess();
        boolean revokedInPrevious = state.revokedInPrevious();
        int revokingRounds = state.consecutiveRevokingRounds();
        long heldUntil = state.revocationsHeldUntilMs();
        boolean revokeNow = false;
        if (reported.isEmpty() || !excess) {
            revokedInPrevious = false;
            revokingRounds = 0;
            heldUntil = 0;
        } else if (holdingLost) {
            // As Connect: nothing is revoked for balance while a departed worker's work is held back (it may come
            // back), and once the delay has been waited out, the next balancing revocation is not backed off.
            revokedInPrevious = false;
        } else if (heldUntil > nowMs) {
            // The back-off of consecutive revoking rebalances is still running.
        } else if (heldUntil == 0 && revokedInPrevious) {
            revokingRounds++;
            long backoff = revocationBackoffMs(revokingRounds);
            if (backoff > 0) {
                heldUntil = nowMs + backoff;
            } else {
                revokeNow = true;
            }
        } else {
            revokeNow = true;
            heldUntil = 0;
        }
        if (revokeNow) {
            round.revokeExcess();
            revokedInPrevious = true;
        }
        round.placeConnectors(freeConnectors);
        round.placeTasks(freeTasks);
        forgetHomes(connectorHomes, round.assignedConnectors, round);
        forgetHomes(taskHomes, round.assignedTasks, round);

        long wakeUp = Long.MAX_VALUE;
        for (LostWork lost : lostConnectors.values()) {
            wakeUp = Math.min(wakeUp, lost.deadlineMs());
        }
        for (LostWork lost : lostTasks.values()) {
            wakeUp = Math.min(wakeUp, lost.deadlineMs());
        }
        if (heldUntil > nowMs) {
            wakeUp = Math.min(wakeUp, heldUntil);
        }
        int delay = wakeUp == Long.MAX_VALUE ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(0, wakeUp - nowMs));

        SortedMap<String, MemberAssignment> result = round.result();
        SortedMap<String, Allocation> owned = new TreeMap<>();
        result.forEach((worker, assignment) -> owned.put(worker, assignment.owned()));
        AssignorState next = new AssignorState(
                owned,
                lostConnectors,
                lostTasks,
                revokedInPrevious,
                revokingRounds,
                heldUntil > nowMs ? heldUntil : 0,
                connectorHomes,
                taskHomes);
        return new AssignorResult(result, delay, next);
    }

    /**
     * Carries the homes of work given away after a clean leave over to the next state, and revokes such work from
     * its holder when its home is a member again.
     *
     * @return the work revoked to go home, with its home; counted for the quotas but placed in the next round
     */
    private static <E> List<Unowned<E>> homecoming(
            Map<E, String> homesBefore,
            Predicate<E> configured,
            Function<E, String> groupOf,
            ToIntFunction<String> ceiling,
            Map<E, Integer> owner,
            Round round,
            List<SortedSet<E>> kept,
            List<SortedSet<E>> revoked,
            SortedMap<E, String> homesAfter) {
        List<Unowned<E>> returning = new ArrayList<>();
        Map<String, Integer> room = new HashMap<>();
        homesBefore.forEach((work, home) -> {
            if (!configured.test(work)) {
                return; // deleted: nothing goes home
            }
            Integer homeIndex = round.index.get(home);
            Integer holder = owner.get(work);
            if (homeIndex != null && homeIndex.equals(holder)) {
                return; // it is home
            }
            if (homeIndex == null || holder == null) {
                homesAfter.put(work, home); // still away, or free and given back by unowned()
                return;
            }
            // Only as much goes home as the home may run (the group changed meanwhile): the rest stays and is
            // forgotten, so that balancing, not homecoming, decides where it runs.
            String group = groupOf.apply(work);
            int left = room.computeIfAbsent(homeIndex + "/" + group, k -> {
                long held = kept.get(homeIndex).stream()
                        .filter(e -> groupOf.apply(e).equals(group))
                        .count();
                return (int) Math.max(0, ceiling.applyAsInt(group) - held);
            });
            if (left == 0) {
                return;
            }
            room.put(homeIndex + "/" + group, left - 1);
            homesAfter.put(work, home);
            // The owner map keeps the entry, so that the work is not given out again in this round.
            kept.get(holder).remove(work);
            revoked.get(holder).add(work);
            returning.add(new Unowned<>(work, homeIndex));
        });
        return returning;
    }

    /** Work just given out while its home is a member went home, or could not: either way, nothing to remember. */
    private static <E> void forgetHomes(SortedMap<E, String> homes, List<SortedSet<E>> assigned, Round round) {
        for (SortedSet<E> given : assigned) {
            for (E work : given) {
                String home = homes.get(work);
                if (home != null && round.index.containsKey(home)) {
                    homes.remove(work);
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * What {@link #unowned} knows of departed workers: the work held back, the previous owners, the workers that
     * left cleanly, and (in and out) the homes of work given away after a clean leave.
     */
    private record Departures<E>(
            Map<E, LostWork> lostBefore,
            Map<E, String> previousOwner,
            Set<String> departedCleanly,
            SortedMap<E, String> homes) {}

    /**
     * Splits the work nobody holds into work to give out now and lost work to hold back.
     *
     * @return the work to give out now, in order, each with the member it should go back to if any
     */
    private <E> List<Unowned<E>> unowned(
            Iterable<E> configured,
            Map<E, Integer> owner,
            Departures<E> departures,
            Round round,
            long nowMs,
            SortedMap<E, LostWork> lostAfter) {
        List<Unowned<E>> free = new ArrayList<>();
        for (E work : configured) {
            if (owner.containsKey(work)) {
                continue;
            }
            LostWork lost = departures.lostBefore().get(work);
            String home = departures.homes().get(work);
            String previous = lost != null
                    ? lost.previousOwner()
                    : departures.previousOwner().get(work);
            if (home != null && round.index.containsKey(home)) {
                previous = home; // revoked last round to go home, or found free while its home is back
            }
            Integer member = previous == null ? null : round.index.get(previous);
            if (previous == null) {
                free.add(new Unowned<>(work, -1));
            } else if (member != null) {
                // Its worker is a member (it came back, or never received the previous assignment): give it back.
                free.add(new Unowned<>(work, member));
            } else if (departures.departedCleanly().contains(previous)) {
                // Its worker stopped it and left for good: no reason to wait; remember where it belongs.
                free.add(new Unowned<>(work, -1));
                departures.homes().put(work, previous);
            } else {
                long deadline = lost != null ? lost.deadlineMs() : saturatedAdd(nowMs, maxDelayMs);
                if (nowMs >= deadline) {
                    free.add(new Unowned<>(work, -1));
                } else {
                    lostAfter.put(work, new LostWork(previous, deadline));
                }
            }
        }
        return free;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
