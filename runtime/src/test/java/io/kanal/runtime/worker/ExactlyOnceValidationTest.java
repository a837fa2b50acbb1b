package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.source.ConnectorTransactionBoundaries;
import io.kanal.api.source.ExactlyOnceSupport;
import io.kanal.runtime.task.ExactlyOnceMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExactlyOnceValidationTest {

    /** Answers as told, counting how often it was asked. */
    private static final class Answers implements ExactlyOnceValidation.Connector {
        final Optional<ExactlyOnceSupport> support;
        final ConnectorTransactionBoundaries boundaries;
        final RuntimeException failure;
        final AtomicInteger asked = new AtomicInteger();
        final List<String> unanswered = new java.util.concurrent.CopyOnWriteArrayList<>();

        Answers(
                Optional<ExactlyOnceSupport> support,
                ConnectorTransactionBoundaries boundaries,
                RuntimeException failure) {
            this.support = support;
            this.boundaries = boundaries;
            this.failure = failure;
        }

        @Override
        public Optional<ExactlyOnceSupport> exactlyOnceSupport() {
            asked.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return support;
        }

        @Override
        public void unanswered(String question, Exception error) {
            assertThat(error).isSameAs(failure);
            unanswered.add(question);
        }

        @Override
        public ConnectorTransactionBoundaries canDefineTransactionBoundaries() {
            asked.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return boundaries;
        }
    }

    private static Answers supported() {
        return new Answers(Optional.of(ExactlyOnceSupport.SUPPORTED), ConnectorTransactionBoundaries.SUPPORTED, null);
    }

    @Test
    void requestedAndPollNeedNothingAndAskNothing() {
        Answers answers = supported();
        assertThat(ExactlyOnceValidation.check(ExactlyOnceMode.DISABLED, Map.of(), answers))
                .isEmpty();
        assertThat(ExactlyOnceValidation.check(
                        ExactlyOnceMode.DISABLED,
                        Map.of("exactly.once.support", "requested", "transaction.boundary", "interval"),
                        answers))
                .isEmpty();
        assertThat(answers.asked).hasValue(0);
    }

    @Test
    void requiredNeedsAnEnabledWorkerAndASupportingConnector() {
        Map<String, String> required = Map.of("exactly.once.support", "required");
        assertThat(ExactlyOnceValidation.check(ExactlyOnceMode.ENABLED, required, supported()))
                .isEmpty();
        assertThat(ExactlyOnceValidation.check(ExactlyOnceMode.PREPARING, required, supported()))
                .containsExactly(Map.entry(
                        "exactly.once.support",
                        List.of("This worker does not have exactly-once source support enabled.")));
        assertThat(ExactlyOnceValidation.check(
                        ExactlyOnceMode.ENABLED,
                        required,
                        new Answers(Optional.of(ExactlyOnceSupport.UNSUPPORTED), null, null)))
                .containsExactly(
                        Map.entry(
                                "exactly.once.support",
                                List.of(
                                        "The connector does not support exactly-once semantics with the provided configuration.")));
        assertThat(ExactlyOnceValidation.check(
                                ExactlyOnceMode.DISABLED, required, new Answers(Optional.empty(), null, null))
                        .get("exactly.once.support"))
                .hasSize(2)
                .last()
                .asString()
                .startsWith("The connector does not implement the API required for preflight validation");
    }

    @Test
    void connectorBoundariesNeedAConnectorThatCanDefineThem() {
        Map<String, String> connector = Map.of("transaction.boundary", "connector");
        assertThat(ExactlyOnceValidation.check(ExactlyOnceMode.ENABLED, connector, supported()))
                .isEmpty();
        assertThat(ExactlyOnceValidation.check(
                                ExactlyOnceMode.ENABLED,
                                connector,
                                new Answers(null, ConnectorTransactionBoundaries.UNSUPPORTED, null))
                        .get("transaction.boundary"))
                .containsExactly("The connector does not support connector-defined transaction boundaries with the"
                        + " given configuration. Please reconfigure it to use a different transaction boundary"
                        + " definition.");
        assertThat(ExactlyOnceValidation.check(ExactlyOnceMode.ENABLED, connector, new Answers(null, null, null))
                        .get("transaction.boundary"))
                .singleElement()
                .asString()
                .startsWith("This connector has returned a null value from its canDefineTransactionBoundaries method");
    }

    @Test
    void aConnectorThatThrowsIsReportedWithItsMessage() {
        Answers throwing = new Answers(null, null, new IllegalArgumentException(" no file given "));
        assertThat(ExactlyOnceValidation.check(
                        ExactlyOnceMode.ENABLED,
                        Map.of("exactly.once.support", "required", "transaction.boundary", "connector"),
                        throwing))
                .containsExactly(
                        Map.entry(
                                "exactly.once.support",
                                List.of("An unexpected error occurred during validation: no file given")),
                        Map.entry(
                                "transaction.boundary",
                                List.of("An unexpected error occurred during validation: no file given")));
    }

    @Test
    void whatAConnectorThrowsIsHandedToTheCallerOncePerQuestionForTheWorkerLog() {
        Answers throwing = new Answers(null, null, new IllegalStateException(null, new RuntimeException("deep")));
        assertThat(ExactlyOnceValidation.check(
                        ExactlyOnceMode.ENABLED,
                        Map.of("exactly.once.support", "required", "transaction.boundary", "connector"),
                        throwing))
                .containsEntry(
                        "transaction.boundary",
                        List.of("An unexpected error occurred during validation; please see the worker logs for more"
                                + " details."));
        assertThat(throwing.unanswered).containsExactly("exactlyOnceSupport", "canDefineTransactionBoundaries");
    }

    @Test
    void aBadValueOfOneKeyIsLeftToTheSpecAndTheOtherKeyIsStillChecked() {
        Answers answers = new Answers(Optional.of(ExactlyOnceSupport.UNSUPPORTED), null, null);
        assertThat(ExactlyOnceValidation.check(
                        ExactlyOnceMode.ENABLED,
                        Map.of("exactly.once.support", " REQUIRED ", "transaction.boundary", "never"),
                        answers))
                .containsOnlyKeys("exactly.once.support");
        assertThat(ExactlyOnceValidation.check(
                        ExactlyOnceMode.ENABLED,
                        Map.of("exactly.once.support", "maybe", "transaction.boundary", " Connector"),
                        answers))
                .containsOnlyKeys("transaction.boundary");
    }
}
