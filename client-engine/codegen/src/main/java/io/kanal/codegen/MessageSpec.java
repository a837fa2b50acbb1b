package io.kanal.codegen;

import java.util.List;

/**
 * One JSON spec file: a request, response, header or data message.
 *
 * @param name the message name (e.g. {@code ProduceRequest})
 * @param type the spec type: request, response, header, data or metadata
 * @param apiKey the API key of requests and responses, {@code null} otherwise
 * @param validVersions the versions of the message
 * @param flexibleVersions the versions that use compact encodings and tagged fields
 * @param latestVersionUnstable whether the highest version is still under development
 * @param fields the top-level fields
 * @param commonStructs named structs that fields refer to by type
 */
public record MessageSpec(
        String name,
        String type,
        Short apiKey,
        Versions validVersions,
        Versions flexibleVersions,
        boolean latestVersionUnstable,
        List<FieldSpec> fields,
        List<StructSpec> commonStructs) {

    /**
     * Whether this is a request or response of an API.
     *
     * @return true when the message has an API key
     */
    public boolean isApiMessage() {
        return apiKey != null && (type.equals("request") || type.equals("response"));
    }
}
