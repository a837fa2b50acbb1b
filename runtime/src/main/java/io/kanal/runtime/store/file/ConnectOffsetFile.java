package io.kanal.runtime.store.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Apache Kafka Connect's standalone offsets file ({@code FileOffsetBackingStore}): one Java-serialized {@code
 * HashMap<byte[], byte[]>} whose keys and values are the JSON bytes of {@code ["<connector>",{partition}]} and {@code
 * {offset}}. Read for drop-in migration, written for roll-back. Stateless.
 *
 * <p>Reading Java serialization from a file is only safe with a filter: this one admits {@code java.util.HashMap}
 * and {@code byte[]} (and the size check of the map's table) and nothing else, bounded in depth, references and array size, so a crafted file cannot
 * instantiate any other class (no gadget chains) nor exhaust memory.
 */
final class ConnectOffsetFile {

    /** The first two bytes of every Java serialization stream. */
    static final int MAGIC = 0xACED;

    private static final long MAX_ARRAY = 64L * 1024 * 1024;
    private static final long MAX_REFS = 10_000_000L;
    private static final long MAX_DEPTH = 4;

    private static final ObjectInputFilter FILTER = info -> {
        if (info.depth() > MAX_DEPTH || info.references() > MAX_REFS || info.arrayLength() > MAX_ARRAY) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        // HashMap.readObject asks the filter about Map.Entry[] with the table size before allocating it
        return type == HashMap.class || type == byte[].class || type == Map.Entry[].class
                ? ObjectInputFilter.Status.ALLOWED
                : ObjectInputFilter.Status.REJECTED;
    };

    private ConnectOffsetFile() {}

    /**
     * Reads the entries, keeping {@code null} values (Connect's tombstones) for the caller to skip.
     *
     * @param in the file's content
     * @return key bytes to value bytes, in the file's order
     * @throws IOException when the content is not such a map, or holds any other class
     */
    static Map<byte[], byte[]> read(InputStream in) throws IOException {
        try (ObjectInputStream objects = new ObjectInputStream(in)) {
            objects.setObjectInputFilter(FILTER);
            Object read = objects.readObject();
            if (!(read instanceof HashMap<?, ?> map)) {
                throw new IOException("expected a java.util.HashMap, found "
                        + (read == null ? "null" : read.getClass().getName()));
            }
            Map<byte[], byte[]> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() != null && !(e.getKey() instanceof byte[])) {
                    throw new IOException("expected byte[] keys");
                }
                if (e.getValue() != null && !(e.getValue() instanceof byte[])) {
                    throw new IOException("expected byte[] values");
                }
                entries.put((byte[]) e.getKey(), (byte[]) e.getValue());
            }
            return entries;
        } catch (InvalidClassException e) {
            throw new IOException("the file holds a class other than HashMap and byte[]: " + e.getMessage(), e);
        } catch (ClassNotFoundException e) {
            throw new IOException("the file holds an unknown class: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the entries as Connect does.
     *
     * @param entries key bytes to value bytes
     * @param out where to write; left open
     * @throws IOException when writing fails
     */
    static void write(Map<byte[], byte[]> entries, OutputStream out) throws IOException {
        ObjectOutputStream objects = new ObjectOutputStream(out);
        objects.writeObject(new HashMap<>(entries));
        objects.flush();
    }
}
