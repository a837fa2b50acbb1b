package io.kanal.client.record;

import io.kanal.client.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the record batches in a buffer holding zero or more concatenated batches, such as the {@code records}
 * field of a Fetch response partition. A trailing batch cut short by the broker's size limit is normal and is simply
 * not returned; {@link Iterator#hasNext()} just answers false for it. Batches are views over the buffer; nothing is
 * copied. A length below the v2 minimum or a magic other than 2 fails with {@link ProtocolException}.
 */
public final class RecordBatches implements Iterable<RecordBatch> {
    private final ByteBuffer buffer;

    private RecordBatches(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * Wraps the bytes from the buffer's position to its limit; the buffer's own position is not changed.
     *
     * @param buffer the concatenated batches
     * @return an iterable that can be iterated more than once
     */
    public static RecordBatches of(ByteBuffer buffer) {
        return new RecordBatches(buffer.slice());
    }

    /**
     * Returns the number of bytes of complete batches at the start of the buffer: where a partial trailing batch
     * begins, or the buffer size.
     *
     * @return bytes
     */
    public int validBytes() {
        int pos = 0;
        Iterator<RecordBatch> it = iterator();
        while (it.hasNext()) {
            pos += it.next().sizeInBytes();
        }
        return pos;
    }

    @Override
    public Iterator<RecordBatch> iterator() {
        return new BatchIterator(buffer);
    }

    /** Walks batch boundaries by their length fields. Owned by the iterating thread. */
    private static final class BatchIterator implements Iterator<RecordBatch> {
        private final ByteBuffer buffer;
        private int pos;
        private RecordBatch next;

        BatchIterator(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            int left = buffer.limit() - pos;
            if (left < BatchLayout.LOG_OVERHEAD) {
                return false;
            }
            long baseOffset = buffer.getLong(pos + BatchLayout.BASE_OFFSET);
            int length = buffer.getInt(pos + BatchLayout.LENGTH);
            if (left > BatchLayout.MAGIC) {
                byte magic = buffer.get(pos + BatchLayout.MAGIC);
                if (magic == 0 || magic == 1) {
                    throw new ProtocolException("Record batch at base offset " + baseOffset + " uses magic " + magic
                            + " (a pre-0.11 message set); Kanal reads only magic 2 batches");
                }
                if (magic != BatchLayout.MAGIC_V2) {
                    throw new ProtocolException(
                            "Record batch at base offset " + baseOffset + " has unknown magic " + magic);
                }
            }
            if (length < BatchLayout.MIN_LENGTH) {
                throw new ProtocolException("Record batch at base offset " + baseOffset + " has length " + length
                        + ", below the minimum of " + BatchLayout.MIN_LENGTH);
            }
            if ((long) length > left - BatchLayout.LOG_OVERHEAD) {
                return false; // a partial trailing batch: the broker cut the response at its size limit
            }
            int size = BatchLayout.LOG_OVERHEAD + length;
            next = new RecordBatch(buffer.slice(pos, size));
            pos += size;
            return true;
        }

        @Override
        public RecordBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            RecordBatch batch = next;
            next = null;
            return batch;
        }
    }
}
