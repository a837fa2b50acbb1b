package io.kanal.runtime.herder;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The answer to one REST command: what the herder sends back in {@link HerderCommand.Reply}. */
public sealed interface HerderReply {

    /** The command succeeded and has nothing to return (Connect answers 202 or 204). */
    record Done() implements HerderReply {}

    /**
     * A connector was created (201) or its config replaced (200).
     *
     * @param created whether the connector is new
     * @param info the connector's name, config and current tasks
     */
    record ConnectorWritten(boolean created, HerderView.ConnectorInfo info) implements HerderReply {
        /**
         * Checks the reply.
         *
         * @param created whether the connector is new
         * @param info the connector
         */
        public ConnectorWritten {
            Objects.requireNonNull(info, "info");
        }
    }

    /**
     * A KIP-745 restart was planned: the statuses to show (202), with {@code RESTARTING} where a restart is pending.
     *
     * @param connector the connector, as the view shows it after planning the restart
     */
    record Restarting(HerderView.ConnectorView connector) implements HerderReply {
        /**
         * Checks the reply.
         *
         * @param connector the connector
         */
        public Restarting {
            Objects.requireNonNull(connector, "connector");
        }
    }

    /**
     * The connector's task configs, in task order.
     *
     * @param tasks one config per task
     */
    record TaskConfigs(List<Map<String, String>> tasks) implements HerderReply {
        /**
         * Copies the configs.
         *
         * @param tasks one config per task
         */
        public TaskConfigs {
            tasks = tasks.stream().map(Map::copyOf).toList();
        }

        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "TaskConfigs[" + Redact.configs(tasks) + "]";
        }
    }

    /**
     * The command was refused or failed.
     *
     * @param error why
     */
    record Failed(HerderError error) implements HerderReply {
        /**
         * Checks the reply.
         *
         * @param error why
         */
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }
}
