package io.kanal.runtime.membership.protocol;

import io.kanal.runtime.herder.ConnectorTaskId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random Connect group protocol values for the jqwik properties: URLs and names with any Unicode (including
 * supplementary characters), any offsets, error codes and delays, assignments whose connector names repeat often
 * (so tasks and connectors share entries and repeats collapse as in Connect), and revocations.
 */
final class ConnectValues {
    private ConnectValues() {}

    /** Well-formed Unicode text: any code point but lone surrogates, which UTF-8 cannot carry. */
    static Arbitrary<String> text(int maxCodePoints) {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
                Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoints.list().ofMaxSize(maxCodePoints).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    static Arbitrary<String> url() {
        return Arbitraries.oneOf(
                text(60),
                Arbitraries.integers()
                        .between(1, 65535)
                        .map(port -> "http://worker-" + Integer.toHexString(port) + ".example:" + port + "/"));
    }

    /** Connector names from a small pool, so that they repeat, plus arbitrary ones. */
    static Arbitrary<String> connectorName() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("a", "b", "c", "orders-sink", "Aa", "BB", "")), Tuple.of(1, text(12)));
    }

    static Arbitrary<ConnectorsAndTasks> connectorsAndTasks() {
        Arbitrary<ConnectorTaskId> task = Combinators.combine(
                        connectorName(),
                        Arbitraries.oneOf(
                                Arbitraries.integers().between(0, 8),
                                Arbitraries.integers().greaterOrEqual(0)))
                .as(ConnectorTaskId::new);
        return Combinators.combine(
                        connectorName().list().ofMaxSize(12), task.list().ofMaxSize(20))
                .as(ConnectorsAndTasks::new);
    }

    static Arbitrary<Long> offset() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(-1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    /** Any assignment, as a cooperative leader may send it. */
    static Arbitrary<ConnectAssignment> assignment() {
        return Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of((short) 0, (short) 1), Arbitraries.shorts()),
                        text(20),
                        url(),
                        offset(),
                        connectorsAndTasks(),
                        connectorsAndTasks(),
                        Arbitraries.oneOf(Arbitraries.of(0, 300_000), Arbitraries.integers()))
                .as(ConnectAssignment::new);
    }

    /** An assignment the eager protocol can carry: no revocations, no delay. */
    static Arbitrary<ConnectAssignment> eagerAssignment() {
        return assignment()
                .map(a ->
                        ConnectAssignment.eager(a.error(), a.leader(), a.leaderUrl(), a.configOffset(), a.assigned()));
    }

    static Arbitrary<WorkerMetadata> metadata() {
        return Combinators.combine(url(), offset(), assignment().optional(0.6))
                .as((url, offset, allocation) -> new WorkerMetadata(url, offset, allocation));
    }
}
