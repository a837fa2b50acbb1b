package io.kanal.runtime.store.kafka;

import io.kanal.api.errors.DataException;
import io.kanal.runtime.convert.JsonConverter;
import java.util.Map;

/**
 * The JSON of Connect's internal topics: Connect writes them with a {@code JsonConverter} configured {@code
 * schemas.enable=false}, so values are plain JSON; Kanal's {@link JsonConverter} writes the same bytes. Structs with a
 * schema and insertion-ordered maps give the same bytes, so the codecs write ordered maps in the schema's field
 * order. Reading gives {@code Long} for integral numbers, {@code Double} for the others, lists and ordered maps.
 *
 * <p>Thread-safe: the converter is configured in the constructor and safe for concurrent use after that.
 */
final class ConnectJson {

    private final JsonConverter converter = new JsonConverter();

    ConnectJson() {
        converter.configure(converter.configSpec().parse(Map.of("schemas.enable", "false")), false);
    }

    /**
     * Writes a schemaless value.
     *
     * @param value maps, lists, strings, numbers, booleans, byte arrays; null gives null
     * @return the JSON bytes, or null for a null value
     * @throws DataException when a value has no JSON form
     */
    byte[] write(Object value) {
        return converter.fromConnectData(null, null, null, value);
    }

    /**
     * Reads JSON as plain values.
     *
     * @param key the record's key, for the error
     * @param bytes the JSON; not null
     * @return the value; null for JSON {@code null}
     * @throws InternalRecordException when the bytes are not JSON
     */
    Object read(String key, byte[] bytes) {
        try {
            return converter.toConnectData(null, null, bytes).value();
        } catch (DataException e) {
            throw new InternalRecordException(
                    key, InternalRecordException.Reason.MALFORMED_JSON, "the value is not JSON: " + e.getMessage(), e);
        }
    }
}
