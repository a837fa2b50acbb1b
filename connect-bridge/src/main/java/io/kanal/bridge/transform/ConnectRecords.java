package io.kanal.bridge.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.source.SourceRecord;
import io.kanal.bridge.config.ConfigDefTranslator;
import io.kanal.bridge.data.DataTranslator;
import io.kanal.bridge.data.RecordTranslator;
import io.kanal.config.ConfigSpec;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Kanal records as Connect records of the same kind and back, for one bridged transform or predicate: its own
 * translator and schema caches (a chain's steps run on one task thread, one after the other).
 *
 * <p>Owned by the task thread of its transform or predicate.
 */
final class ConnectRecords {

    private final RecordTranslator records = new RecordTranslator(new DataTranslator());

    /**
     * @param record a Kanal source or sink record
     * @return Connect's record of the same kind and content
     * @throws DataException for another kind of record, or a struct not valid for its schema
     */
    org.apache.kafka.connect.connector.ConnectRecord<?> toConnect(ConnectRecord<?> record) {
        if (record instanceof SourceRecord source) {
            return records.toConnect(source);
        }
        if (record instanceof SinkRecord sink) {
            return records.toConnect(sink);
        }
        throw new DataException("a Connect transform or predicate takes source or sink records, not "
                + record.getClass().getName());
    }

    /**
     * @param original the Kanal record the Connect one was made from
     * @param given the Connect record handed to the plugin
     * @param result what the plugin returned, or null
     * @param <R> the Kanal record type
     * @return {@code original} when the plugin returned the record it was given, null when it dropped it, otherwise
     *     its result as a Kanal record of the original's kind
     * @throws DataException when the plugin returned another kind of record, or a struct not valid for its schema
     */
    <R extends ConnectRecord<R>> R toKanal(
            R original, Object given, org.apache.kafka.connect.connector.ConnectRecord<?> result) {
        if (result == null) {
            return null;
        }
        if (result == given) {
            return original;
        }
        ConnectRecord<?> translated;
        if (original instanceof SourceRecord && result instanceof org.apache.kafka.connect.source.SourceRecord source) {
            translated = records.toKanal(source);
        } else if (original instanceof SinkRecord && result instanceof org.apache.kafka.connect.sink.SinkRecord sink) {
            translated = records.toKanal(sink);
        } else {
            throw new DataException(
                    "a Connect transform turned a " + original.getClass().getSimpleName() + " into a "
                            + result.getClass().getName());
        }
        @SuppressWarnings("unchecked") // the same kind as the original, checked above
        R kanal = (R) translated;
        return kanal;
    }

    /**
     * @param definition a Connect plugin's {@code config()}, or null
     * @param plugin the plugin, whose loader loads the values of CLASS keys
     * @return the Kanal spec
     */
    static ConfigSpec spec(ConfigDef definition, Object plugin) {
        ClassLoader own = plugin.getClass().getClassLoader();
        return new ConfigDefTranslator(own != null ? own : ClassLoader.getSystemClassLoader())
                .toSpec(definition == null ? new ConfigDef() : definition);
    }
}
