package io.kanal.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kanal.runtime.api.ConfigInfoModel;
import io.kanal.runtime.api.LoggerService;

/** The one JSON mapping of the REST API: snake-case field names, as Connect's, and absent values left out. */
final class Json {

    private Json() {}

    /**
     * A new mapper; Jackson's mappers are thread-safe once configured, so each server shares one.
     *
     * @return the mapper
     */
    static ObjectMapper mapper() {
        // Connect shows these values' absent parts as null ("default_value": null, "last_modified": null).
        JsonInclude.Value always = JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
        return JsonMapper.builder()
                .withConfigOverride(ConfigInfoModel.ConfigKeyInfo.class, o -> o.setInclude(always))
                .withConfigOverride(ConfigInfoModel.ConfigValueInfo.class, o -> o.setInclude(always))
                .withConfigOverride(ConfigInfoModel.ConfigInfo.class, o -> o.setInclude(always))
                .withConfigOverride(LoggerService.LoggerLevel.class, o -> o.setInclude(always))
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
