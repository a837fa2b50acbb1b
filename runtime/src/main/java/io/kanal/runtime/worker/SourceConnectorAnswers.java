package io.kanal.runtime.worker;

import io.kanal.api.connector.Connector;
import io.kanal.api.connector.SourceConnector;
import io.kanal.api.source.ConnectorTransactionBoundaries;
import io.kanal.api.source.ExactlyOnceSupport;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source connector's answers to the exactly-once questions {@link ExactlyOnceValidation} asks while a config is
 * validated: whether it supports exactly-once, and whether it can define transaction boundaries. Each is asked of the
 * connector instance being validated, through the invoker (stage {@link Stage#VALIDATE}), with the config parsed by the
 * connector's own spec. Holds nothing but what it was built with; used by the {@code kanal-validate-<n>} thread that
 * validates the config.
 */
final class SourceConnectorAnswers implements ExactlyOnceValidation.Connector {
    // The validation's own logger: these warnings are part of what a validation logs.
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorValidator.class);

    /** Answers that raise no error: for a connector whose config is invalid anyway, so it is not asked. */
    static final ExactlyOnceValidation.Connector UNASKED = new ExactlyOnceValidation.Connector() {
        @Override
        public Optional<ExactlyOnceSupport> exactlyOnceSupport() {
            return Optional.of(ExactlyOnceSupport.SUPPORTED);
        }

        @Override
        public ConnectorTransactionBoundaries canDefineTransactionBoundaries() {
            return ConnectorTransactionBoundaries.SUPPORTED;
        }

        @Override
        public void unanswered(String question, Exception error) {
            throw new IllegalStateException("never asked, so never unanswered", error);
        }
    };

    private final PluginInvoker invoker;
    private final Duration budget;
    private final Owner owner;
    private final Plugin<Connector> connector;
    private final Map<String, String> config;
    private final Redactor redactor;

    /**
     * The answers of one connector instance.
     *
     * @param invoker calls the connector
     * @param budget how long each call may take
     * @param owner the validation's owner of the calls
     * @param connector the connector instance being validated
     * @param config its resolved config
     * @param redactor masks the config's secrets in what is logged
     */
    SourceConnectorAnswers(
            PluginInvoker invoker,
            Duration budget,
            Owner owner,
            Plugin<Connector> connector,
            Map<String, String> config,
            Redactor redactor) {
        this.invoker = invoker;
        this.budget = budget;
        this.owner = owner;
        this.connector = connector;
        this.config = config;
        this.redactor = redactor;
    }

    @Override
    public void unanswered(String question, Exception error) {
        LOG.warn(
                "[{}] the connector's {} threw during validation; the validation result names only its message\n{}",
                owner,
                question,
                redactor.stackTrace(error));
    }

    @Override
    public Optional<ExactlyOnceSupport> exactlyOnceSupport() throws Exception {
        return answer(invoker.call(connector, Stage.VALIDATE, budget, c -> ((SourceConnector) c)
                .exactlyOnceSupport(c.configSpec().parse(config))));
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries() throws Exception {
        return answer(invoker.call(connector, Stage.VALIDATE, budget, c -> ((SourceConnector) c)
                .canDefineTransactionBoundaries(c.configSpec().parse(config))));
    }

    private static <T> T answer(CallOutcome<T> outcome) throws Exception {
        if (outcome instanceof CallOutcome.Completed<T> done) {
            return done.value();
        }
        if (outcome instanceof CallOutcome.Failed<T> failed) {
            throw failed.error() instanceof Exception e ? e : new IllegalStateException(failed.error());
        }
        throw new IllegalStateException(
                "the connector did not answer: " + outcome.getClass().getSimpleName());
    }
}
