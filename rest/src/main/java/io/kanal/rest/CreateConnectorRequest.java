package io.kanal.rest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The body of {@code POST /connectors}.
 *
 * @param name the connector's name
 * @param config its config
 * @param initialState {@code RUNNING}, {@code PAUSED} or {@code STOPPED}; null for {@code RUNNING}
 */
record CreateConnectorRequest(String name, Map<String, String> config, String initialState) {

    /**
     * Binds the JSON fields explicitly, so the mapping does not depend on record support in the naming strategy.
     *
     * @param name the connector's name
     * @param config its config
     * @param initialState the initial state
     */
    @JsonCreator
    CreateConnectorRequest(
            @JsonProperty("name") String name,
            @JsonProperty("config") Map<String, String> config,
            @JsonProperty("initial_state") String initialState) {
        this.name = name;
        this.config = config;
        this.initialState = initialState;
    }
}
