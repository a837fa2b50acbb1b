package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import io.kanal.api.errors.DataException;
import io.kanal.api.errors.RetriableException;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TransformChainTest {

    private static final Owner OWNER = Owner.task("chain", 0);
    private final PluginInvoker invoker = PluginInvoker.builder().build();

    /** A transform from a function, counting the records it sees. */
    static final class Fn implements Transformation<SourceRecord> {
        final UnaryOperator<SourceRecord> fn;
        final List<Object> seen = new ArrayList<>();

        Fn(UnaryOperator<SourceRecord> fn) {
            this.fn = fn;
        }

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().build();
        }

        @Override
        public void configure(ParsedConfig config) {}

        @Override
        public SourceRecord apply(SourceRecord record) {
            seen.add(record.value());
            return fn.apply(record);
        }
    }

    /** Accepts records whose value starts with "a"; throws on "boom". */
    static final class StartsWithA implements Predicate<SourceRecord> {
        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().build();
        }

        @Override
        public void configure(ParsedConfig config) {}

        @Override
        public boolean test(SourceRecord record) {
            if ("boom".equals(record.value())) {
                throw new IllegalStateException("predicate boom");
            }
            return String.valueOf(record.value()).startsWith("a");
        }
    }

    private static SourceRecord rec(String value) {
        return new SourceRecord(Map.of("p", 0), Map.of("o", value), "t", Schema.STRING_SCHEMA, value);
    }

    private static SourceRecord upper(SourceRecord r) {
        return r.newRecord(
                r.topic(),
                r.kafkaPartition(),
                r.keySchema(),
                r.key(),
                r.valueSchema(),
                String.valueOf(r.value()).toUpperCase(java.util.Locale.ROOT),
                r.timestamp());
    }

    private TransformChain.Step<SourceRecord> step(
            Transformation<SourceRecord> t, Predicate<SourceRecord> p, boolean negate) {
        return new TransformChain.Step<>("s", Plugin.of(OWNER, t), p == null ? null : Plugin.of(OWNER, p), negate);
    }

    private RecordSlots<SourceRecord> run(
            List<TransformChain.Step<SourceRecord>> steps, ErrorPolicy policy, String... values) {
        RecordSlots<SourceRecord> slots = new RecordSlots<>(
                java.util.Arrays.stream(values).map(TransformChainTest::rec).toList());
        new TransformChain<>(invoker, Duration.ofSeconds(5), Redactor.NONE, steps).apply(slots, policy);
        return slots;
    }

    private static ErrorPolicy policy(Map<String, String> settings) {
        StopSignal stop = new StopSignal() {
            @Override
            public boolean pause(long ms) {
                return true;
            }
        };
        return new ErrorPolicy(OWNER, ErrorSettings.parse(settings), Redactor.NONE, null, stop, () -> 0, b -> 0);
    }

    @Test
    void transformsApplyInOrderAndANullDropsTheRecordForLaterSteps() {
        Fn drop = new Fn(r -> "x".equals(r.value()) ? null : r);
        Fn up = new Fn(TransformChainTest::upper);
        RecordSlots<SourceRecord> slots =
                run(List.of(step(drop, null, false), step(up, null, false)), policy(Map.of()), "a", "x", "b");
        assertThat(slots.dropped(1)).isTrue();
        assertThat(slots.live()).extracting(SourceRecord::value).containsExactly("A", "B");
        assertThat(up.seen).containsExactly("a", "b");
    }

    @Test
    void aPredicateSelectsTheRecordsAndNegateInvertsIt() {
        Fn up = new Fn(TransformChainTest::upper);
        RecordSlots<SourceRecord> slots =
                run(List.of(step(up, new StartsWithA(), false)), policy(Map.of()), "ab", "cd", "ae");
        assertThat(slots.live()).extracting(SourceRecord::value).containsExactly("AB", "cd", "AE");
        Fn negated = new Fn(TransformChainTest::upper);
        RecordSlots<SourceRecord> inverted =
                run(List.of(step(negated, new StartsWithA(), true)), policy(Map.of()), "ab", "cd");
        assertThat(inverted.live()).extracting(SourceRecord::value).containsExactly("ab", "CD");
        assertThatThrownBy(() -> step(up, null, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingRecordFailsAloneWithItsStageAndClass() {
        Fn boom = new Fn(r -> {
            if ("bad".equals(r.value())) {
                throw new DataException("cannot");
            }
            return r;
        });
        Fn up = new Fn(TransformChainTest::upper);
        RecordSlots<SourceRecord> slots = run(
                List.of(step(boom, null, false), step(up, new StartsWithA(), false)),
                policy(Map.of()),
                "a1",
                "bad",
                "boom",
                "a2");
        assertThat(slots.failed(1)).isTrue();
        assertThat(slots.stage(1)).isEqualTo(Stage.TRANSFORMATION);
        assertThat(slots.executingClass(1)).isEqualTo(Fn.class);
        assertThat(slots.error(1)).isInstanceOf(DataException.class);
        assertThat(slots.failed(2)).isTrue();
        assertThat(slots.stage(2)).isEqualTo(Stage.PREDICATE);
        assertThat(slots.executingClass(2)).isEqualTo(StartsWithA.class);
        assertThat(slots.live()).extracting(SourceRecord::value).containsExactly("A1", "A2");
        assertThat(up.seen).containsExactly("a1", "a2");
    }

    @Test
    void aRetriableFailureIsRetriedForThatRecordWithinTheRetryTimeout() {
        int[] failuresLeft = {2};
        Fn flaky = new Fn(r -> {
            if ("flaky".equals(r.value()) && failuresLeft[0]-- > 0) {
                throw new RetriableException("not yet");
            }
            return upper(r);
        });
        RecordSlots<SourceRecord> slots =
                run(List.of(step(flaky, null, false)), policy(Map.of("errors.retry.timeout", "-1")), "a", "flaky", "b");
        assertThat(slots.live()).extracting(SourceRecord::value).containsExactly("A", "FLAKY", "B");
        assertThat(flaky.seen).containsExactly("a", "flaky", "b", "flaky", "flaky");
        RecordSlots<SourceRecord> noRetry = run(
                List.of(step(
                        new Fn(r -> {
                            throw new RetriableException("never");
                        }),
                        null,
                        false)),
                policy(Map.of()),
                "a");
        assertThat(noRetry.failed(0)).isTrue();
    }

    @Test
    void anErrorThatEscapesTheRecordLoopFailsTheTask() {
        Fn fatal = new Fn(r -> {
            throw new StackOverflowError();
        });
        assertThatThrownBy(() -> run(List.of(step(fatal, null, false)), policy(Map.of()), "a"))
                .isInstanceOfSatisfying(
                        TaskFailedException.class,
                        e -> assertThat(e.error().stage()).isEqualTo(Stage.TRANSFORMATION));
    }
}
