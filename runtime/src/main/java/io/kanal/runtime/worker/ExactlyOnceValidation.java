package io.kanal.runtime.worker;

import io.kanal.api.source.ConnectorTransactionBoundaries;
import io.kanal.api.source.ExactlyOnceSupport;
import io.kanal.api.source.TransactionBoundary;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.runtime.task.ExactlyOnceMode;
import io.kanal.runtime.task.TransactionSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exactly-once checks of a source connector's config (KIP-618) that need the connector's answers, with Kafka
 * Connect's messages: {@code exactly.once.support=required} needs a worker with exactly-once enabled and a connector
 * that says {@link ExactlyOnceSupport#SUPPORTED}; {@code transaction.boundary=connector} needs a connector that says
 * {@link ConnectorTransactionBoundaries#SUPPORTED}. A key whose value the framework's spec already refused is not
 * checked further, and the connector is only asked when the answer matters.
 *
 * <p>Pure apart from the connector's answers, which the caller gets through the plugin invoker; stateless, any thread.
 */
final class ExactlyOnceValidation {

    /** The connector's answers, asked lazily. */
    interface Connector {
        /**
         * {@code SourceConnector.exactlyOnceSupport(config)}.
         *
         * @return the answer (empty when the connector does not say)
         * @throws Exception what the connector threw
         */
        Optional<ExactlyOnceSupport> exactlyOnceSupport() throws Exception;

        /**
         * {@code SourceConnector.canDefineTransactionBoundaries(config)}.
         *
         * @return the answer, null when the connector returned null
         * @throws Exception what the connector threw
         */
        ConnectorTransactionBoundaries canDefineTransactionBoundaries() throws Exception;

        /**
         * The connector threw instead of answering: the user reads only the message and is told to see the worker's
         * logs, so the caller logs it there once, with whom it validated for and the trace its redactor masks.
         *
         * @param question the method asked, such as {@code exactlyOnceSupport}
         * @param error what the connector threw
         */
        void unanswered(String question, Exception error);
    }

    private ExactlyOnceValidation() {}

    /**
     * Checks a source connector's config.
     *
     * @param mode the worker's {@code exactly.once.source.support}
     * @param config the connector's config
     * @param connector the connector's answers
     * @return per framework key, its errors; empty when none
     */
    static Map<String, List<String>> check(ExactlyOnceMode mode, Map<String, String> config, Connector connector) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (requiresExactlyOnce(config)) {
            List<String> problems = new ArrayList<>();
            if (!mode.transactionalTasks()) {
                problems.add("This worker does not have exactly-once source support enabled.");
            }
            try {
                Optional<ExactlyOnceSupport> answer = connector.exactlyOnceSupport();
                if (answer.isEmpty()) {
                    problems.add("The connector does not implement the API required for preflight validation of"
                            + " exactly-once source support. Please consult the documentation for the connector to"
                            + " determine whether it supports exactly-once semantics, and then consider reconfiguring"
                            + " the connector to use the value \"requested\" for this property (which will disable this"
                            + " preflight check and allow the connector to be created).");
                } else if (answer.get() != ExactlyOnceSupport.SUPPORTED) {
                    problems.add("The connector does not support exactly-once semantics with the provided"
                            + " configuration.");
                }
            } catch (Exception e) {
                connector.unanswered("exactlyOnceSupport", e);
                problems.add(unexpected(e));
            }
            if (!problems.isEmpty()) {
                errors.put(TransactionSettings.SUPPORT, problems);
            }
        }
        if (connectorBoundary(config)) {
            String problem = null;
            try {
                ConnectorTransactionBoundaries answer = connector.canDefineTransactionBoundaries();
                if (answer == null) {
                    problem = "This connector has returned a null value from its canDefineTransactionBoundaries"
                            + " method, which is not permitted. The connector will be treated as if it cannot define its"
                            + " own transaction boundaries, and cannot be configured with 'transaction.boundary' set to"
                            + " 'connector'.";
                } else if (answer != ConnectorTransactionBoundaries.SUPPORTED) {
                    problem = "The connector does not support connector-defined transaction boundaries with the given"
                            + " configuration. Please reconfigure it to use a different transaction boundary"
                            + " definition.";
                }
            } catch (Exception e) {
                connector.unanswered("canDefineTransactionBoundaries", e);
                problem = unexpected(e);
            }
            if (problem != null) {
                errors.put(TransactionSettings.BOUNDARY, List.of(problem));
            }
        }
        return errors;
    }

    private static String unexpected(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? "An unexpected error occurred during validation; please see the worker logs for more details."
                : "An unexpected error occurred during validation: " + message.trim();
    }

    /** {@code exactly.once.support=required}; a bad value is not checked further: the framework's spec reports it. */
    private static boolean requiresExactlyOnce(Map<String, String> config) {
        try {
            return TransactionSettings.required(config);
        } catch (InvalidConfigValueException badValue) {
            return false;
        }
    }

    /** {@code transaction.boundary=connector}; a bad value is left to the framework's spec, as above. */
    private static boolean connectorBoundary(Map<String, String> config) {
        try {
            return TransactionSettings.boundary(config) == TransactionBoundary.CONNECTOR;
        } catch (InvalidConfigValueException badValue) {
            return false;
        }
    }
}
