package io.kanal.bridge.data;

import io.kanal.api.data.Schema;
import io.kanal.api.sink.TimestampType;

/** The enums both models share by name: schema types and timestamp types. Stateless and thread-safe. */
final class Types {

    private Types() {}

    /**
     * @param type a Connect schema type
     * @return Kanal's of the same name
     */
    static Schema.Type toKanal(org.apache.kafka.connect.data.Schema.Type type) {
        return switch (type) {
            case INT8 -> Schema.Type.INT8;
            case INT16 -> Schema.Type.INT16;
            case INT32 -> Schema.Type.INT32;
            case INT64 -> Schema.Type.INT64;
            case FLOAT32 -> Schema.Type.FLOAT32;
            case FLOAT64 -> Schema.Type.FLOAT64;
            case BOOLEAN -> Schema.Type.BOOLEAN;
            case STRING -> Schema.Type.STRING;
            case BYTES -> Schema.Type.BYTES;
            case ARRAY -> Schema.Type.ARRAY;
            case MAP -> Schema.Type.MAP;
            case STRUCT -> Schema.Type.STRUCT;
        };
    }

    /**
     * @param type a Kanal schema type
     * @return Connect's of the same name
     */
    static org.apache.kafka.connect.data.Schema.Type toConnect(Schema.Type type) {
        return switch (type) {
            case INT8 -> org.apache.kafka.connect.data.Schema.Type.INT8;
            case INT16 -> org.apache.kafka.connect.data.Schema.Type.INT16;
            case INT32 -> org.apache.kafka.connect.data.Schema.Type.INT32;
            case INT64 -> org.apache.kafka.connect.data.Schema.Type.INT64;
            case FLOAT32 -> org.apache.kafka.connect.data.Schema.Type.FLOAT32;
            case FLOAT64 -> org.apache.kafka.connect.data.Schema.Type.FLOAT64;
            case BOOLEAN -> org.apache.kafka.connect.data.Schema.Type.BOOLEAN;
            case STRING -> org.apache.kafka.connect.data.Schema.Type.STRING;
            case BYTES -> org.apache.kafka.connect.data.Schema.Type.BYTES;
            case ARRAY -> org.apache.kafka.connect.data.Schema.Type.ARRAY;
            case MAP -> org.apache.kafka.connect.data.Schema.Type.MAP;
            case STRUCT -> org.apache.kafka.connect.data.Schema.Type.STRUCT;
        };
    }

    /**
     * @param type Kafka's timestamp type, or null
     * @return Kanal's of the same name; {@link TimestampType#NO_TIMESTAMP_TYPE} for null
     */
    static TimestampType toKanal(org.apache.kafka.common.record.TimestampType type) {
        if (type == null) {
            return TimestampType.NO_TIMESTAMP_TYPE;
        }
        return switch (type) {
            case NO_TIMESTAMP_TYPE -> TimestampType.NO_TIMESTAMP_TYPE;
            case CREATE_TIME -> TimestampType.CREATE_TIME;
            case LOG_APPEND_TIME -> TimestampType.LOG_APPEND_TIME;
        };
    }

    /**
     * @param type Kanal's timestamp type, or null
     * @return Kafka's of the same name; {@code NO_TIMESTAMP_TYPE} for null
     */
    static org.apache.kafka.common.record.TimestampType toConnect(TimestampType type) {
        if (type == null) {
            return org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE;
        }
        return switch (type) {
            case NO_TIMESTAMP_TYPE -> org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE;
            case CREATE_TIME -> org.apache.kafka.common.record.TimestampType.CREATE_TIME;
            case LOG_APPEND_TIME -> org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME;
        };
    }
}
