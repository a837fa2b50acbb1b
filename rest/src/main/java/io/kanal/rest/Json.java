package io.kanal.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapping of the REST API: snake-case field names, as Connect's, and absent values left out. */
final class Json {

    private Json() {}

    /**
     * A new mapper; Jackson's mappers are thread-safe once configured, so each server shares one.
     *
     * @return the mapper
     */
    static ObjectMapper mapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                // Absent record components are left out, as Connect leaves out an empty trace; a null map value stays
                // (GET /
                // shows "kafka_cluster_id": null while it is unknown).
                .defaultPropertyInclusion(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
