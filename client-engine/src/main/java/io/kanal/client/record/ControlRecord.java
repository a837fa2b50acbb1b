package io.kanal.client.record;

import io.kanal.client.errors.ProtocolException;
import java.nio.ByteBuffer;

/**
 * A decoded control record. The key is version int16 and type int16; for transaction markers (ABORT, COMMIT) the
 * value is version int16 and coordinator epoch int32. Unknown types are exposed, not rejected, so a client can skip
 * them as Kafka requires.
 *
 * @param version the key version (0 today)
 * @param typeCode the raw int16 type from the key
 * @param type the type, {@link ControlRecordType#UNKNOWN} for codes a client does not act on
 * @param coordinatorEpoch the transaction coordinator epoch for a marker, or -1 when there is none
 */
public record ControlRecord(short version, short typeCode, ControlRecordType type, int coordinatorEpoch) {
    static final int KEY_SIZE = 4;
    static final int MARKER_VALUE_SIZE = 6;

    /**
     * Parses a record of a control batch.
     *
     * @param record the record
     * @return the control record
     * @throws ProtocolException if the key is missing or too short, or a marker value is malformed
     */
    public static ControlRecord parse(Record record) {
        ByteBuffer key = record.key();
        if (key == null || key.remaining() < KEY_SIZE) {
            throw new ProtocolException("Control record at offset " + record.offset() + " has a key of "
                    + (key == null ? "null" : key.remaining() + " bytes") + "; expected at least 4");
        }
        short version = key.getShort(key.position());
        short typeCode = key.getShort(key.position() + 2);
        ControlRecordType type = ControlRecordType.forCode(typeCode);
        int coordinatorEpoch = -1;
        if (type != ControlRecordType.UNKNOWN) {
            ByteBuffer value = record.value();
            if (value == null || value.remaining() < MARKER_VALUE_SIZE) {
                throw new ProtocolException("Transaction marker at offset " + record.offset() + " has a value of "
                        + (value == null ? "null" : value.remaining() + " bytes") + "; expected at least 6");
            }
            coordinatorEpoch = value.getInt(value.position() + 2);
        }
        return new ControlRecord(version, typeCode, type, coordinatorEpoch);
    }
}
