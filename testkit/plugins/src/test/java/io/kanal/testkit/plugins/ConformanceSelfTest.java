package io.kanal.testkit.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.SourceConnector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The kit's checks can fail: the suite runs against fixture plugins with one flaw each, and exactly the check for
 * that flaw fails; against the fixtures without a flaw, nothing fails.
 */
class ConformanceSelfTest {

    /** The configuration parameter under which the fixture suites run: only this test sets it, in its engine. */
    static final String SELF_TEST = "kanal.conformance.self-test";

    /**
     * Disables the fixture suites (most are meant to fail) except in the engine this test starts, whatever filter
     * a build runs the tests with.
     */
    static final class OnlyInSelfTest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(SELF_TEST).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ConformanceSelfTest")
                    : ConditionEvaluationResult.disabled("run by ConformanceSelfTest, which expects their failures");
        }
    }

    @AfterEach
    void endLeakedThreads() {
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("fixture-leak"))
                .forEach(Thread::interrupt);
    }

    @Test
    void aCorrectSourcePassesEveryCheck() {
        assertThat(failures(SourceNone.class)).isEmpty();
    }

    @Test
    void aCorrectSinkPassesEveryCheck() {
        assertThat(failures(SinkNone.class)).isEmpty();
    }

    @ParameterizedTest(name = "source flaw {0} fails {1}")
    @CsvSource({
        "SourceRepeat, offsetsSurviveARestart",
        "SourceSkip, offsetsSurviveARestart",
        "SourceSlowStop, pollAndStopArePrompt taskStartsStopsAndStartsAgain offsetsSurviveARestart"
                + " recordsCarrySchemasTheConvertersAccept noThreadOutlivesTheTask alterOffsetsAcceptsItsOwnOffsets",
        "SourceLeak, noThreadOutlivesTheTask",
        "SourceBadSchema, recordsCarrySchemasTheConvertersAccept",
        "SourceUnstable, connectorStartsStopsAndStartsAgain",
        "SourceMisnamed, validateRejectsBadConfigsNamingTheKeys",
        "SourceCareless, configSpecIsCompleteAndDocumented",
        "SourceIntegerOffsets, alterOffsetsAcceptsItsOwnOffsets",
        "SourceShowsSecret, connectorStartsStopsAndStartsAgain",
        "SourceDeaf, pollAndStopArePrompt taskStartsStopsAndStartsAgain offsetsSurviveARestart"
                + " recordsCarrySchemasTheConvertersAccept noThreadOutlivesTheTask alterOffsetsAcceptsItsOwnOffsets",
        "SinkCommitUnwritten, offsetsSurviveARestart",
        "SinkDuplicate, offsetsSurviveARestart",
        "SinkEmptyPut, putAndStopArePrompt",
        "SinkSlowStop, putAndStopArePrompt taskStartsStopsAndStartsAgain offsetsSurviveARestart"
                + " noThreadOutlivesTheTask",
        "SinkLeak, noThreadOutlivesTheTask"
    })
    void aFlawFailsItsCheck(String fixture, String expected) throws ClassNotFoundException {
        Class<?> type = Class.forName(ConformanceSelfTest.class.getName() + "$" + fixture);
        assertThat(failures(type)).containsExactlyInAnyOrderElementsOf(Set.of(expected.split(" ")));
    }

    /** The names of the failed test methods (of the dynamic tests: their factory's) of one suite run. */
    private static Set<String> failures(Class<?> suite) {
        Events events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(SELF_TEST, "true")
                .selectors(selectClass(suite))
                .execute()
                .allEvents()
                .failed();
        Set<String> failed = new TreeSet<>();
        for (Event event : events.list()) {
            if (event.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable)
                    .isEmpty()) {
                continue;
            }
            String id = event.getTestDescriptor().getUniqueId().toString();
            failed.add(id.replaceAll(".*\\[(?:method|test-factory):([^(]*)\\(.*", "$1"));
        }
        return failed;
    }

    /** The fixture source with a flaw; promptness is short so that the slow flaws show quickly. */
    @ExtendWith(ConformanceSelfTest.OnlyInSelfTest.class)
    abstract static class SourceSuite extends SourceConnectorConformance {
        abstract String flaw();

        @Override
        protected Class<? extends SourceConnector> connectorClass() {
            return FixtureSource.Connector.class;
        }

        @Override
        protected Map<String, String> validConfig() {
            return Map.of("topic", "numbers", "flaw", flaw(), "access.secret", "hunter2-s3cret");
        }

        @Override
        protected void makeDataAvailable(int count) {}

        @Override
        protected Duration promptness() {
            return Duration.ofMillis(400);
        }

        @Override
        protected Duration threadsEndWithin() {
            return Duration.ofSeconds(1);
        }
    }

    static class SourceNone extends SourceSuite {
        @Override
        String flaw() {
            return "none";
        }
    }

    static class SourceRepeat extends SourceSuite {
        @Override
        String flaw() {
            return "repeat";
        }
    }

    static class SourceSkip extends SourceSuite {
        @Override
        String flaw() {
            return "skip";
        }
    }

    static class SourceSlowStop extends SourceSuite {
        @Override
        String flaw() {
            return "slow-stop";
        }
    }

    static class SourceLeak extends SourceSuite {
        @Override
        String flaw() {
            return "leak-thread";
        }

        @Override
        protected boolean mayOutliveTask(Thread thread) {
            return false;
        }
    }

    static class SourceBadSchema extends SourceSuite {
        @Override
        String flaw() {
            return "bad-schema";
        }
    }

    static class SourceUnstable extends SourceSuite {
        @Override
        String flaw() {
            return "unstable-task-configs";
        }
    }

    static class SourceMisnamed extends SourceSuite {
        @Override
        String flaw() {
            return "misnamed-problems";
        }
    }

    static class SourceDeaf extends SourceSuite {
        @Override
        String flaw() {
            return "deaf-poll";
        }
    }

    static class SourceIntegerOffsets extends SourceSuite {
        @Override
        String flaw() {
            return "integer-offsets";
        }
    }

    static class SourceShowsSecret extends SourceSuite {
        @Override
        String flaw() {
            return "shows-secret";
        }
    }

    static class SourceCareless extends SourceSuite {
        @Override
        String flaw() {
            return "none";
        }

        @Override
        protected Class<? extends SourceConnector> connectorClass() {
            return FixtureSource.CarelessSpec.class;
        }
    }

    /** The fixture sink with a flaw. */
    @ExtendWith(ConformanceSelfTest.OnlyInSelfTest.class)
    abstract static class SinkSuite extends SinkConnectorConformance {
        @TempDir
        Path dir;

        abstract String flaw();

        @Override
        protected Class<? extends SinkConnector> connectorClass() {
            return FixtureSink.Connector.class;
        }

        @Override
        protected Map<String, String> validConfig() {
            return Map.of("file", dir.resolve("out.txt").toString(), "flaw", flaw());
        }

        @Override
        protected List<Object> writtenIdentities() throws IOException {
            return FixtureSink.read(dir.resolve("out.txt"));
        }

        @Override
        protected Duration promptness() {
            return Duration.ofMillis(400);
        }

        @Override
        protected Duration threadsEndWithin() {
            return Duration.ofSeconds(1);
        }
    }

    static class SinkNone extends SinkSuite {
        @Override
        String flaw() {
            return "none";
        }
    }

    static class SinkCommitUnwritten extends SinkSuite {
        @Override
        String flaw() {
            return "commit-unwritten";
        }
    }

    static class SinkDuplicate extends SinkSuite {
        @Override
        String flaw() {
            return "duplicate";
        }
    }

    static class SinkEmptyPut extends SinkSuite {
        @Override
        String flaw() {
            return "write-on-empty-put";
        }
    }

    static class SinkSlowStop extends SinkSuite {
        @Override
        String flaw() {
            return "slow-stop";
        }
    }

    static class SinkLeak extends SinkSuite {
        @Override
        String flaw() {
            return "leak-thread";
        }
    }
}
