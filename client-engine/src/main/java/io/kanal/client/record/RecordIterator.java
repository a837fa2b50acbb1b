package io.kanal.client.record;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The records of one batch as {@link Record} objects, decoded lazily by a {@link RecordCursor}; malformed bytes end
 * in a {@link io.kanal.client.errors.ProtocolException} from {@link #next()}. Owned by the iterating thread.
 */
final class RecordIterator implements Iterator<Record> {
    private final RecordCursor cursor;

    RecordIterator(RecordCursor cursor) {
        this.cursor = cursor;
    }

    @Override
    public boolean hasNext() {
        return cursor.hasNext();
    }

    @Override
    public Record next() {
        if (!cursor.advance()) {
            throw new NoSuchElementException();
        }
        return new Record(cursor.offset(), cursor.timestamp(), cursor.key(), cursor.value(), cursor.headers());
    }
}
