package io.kanal.runtime.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka Connect's standalone offsets file, written and read by Connect's own classes (connect-runtime, test
 * scope): Kanal reads what Connect wrote, and Connect reads what Kanal wrote in Connect's format.
 */
class ConnectOffsetFileInteropTest {

    @TempDir
    Path dir;

    @Test
    void kanalReadsTheOffsetsApacheConnectWrote() throws Exception {
        Path file = dir.resolve("connect.offsets");
        writeWithConnect(file, "file-source", Map.of("filename", "/tmp/in.txt"), Map.of("position", 4242L));
        writeWithConnect(file, "other", Map.of("shard", 7, "region", "eu"), Map.of("seq", "abc", "lsn", 1.5));

        FileOffsetStore store = new FileOffsetStore(file, FileOffsetStore.Format.AUTO);
        store.start();

        assertThat(store.offset("file-source", Map.of("filename", "/tmp/in.txt")))
                .contains(Map.of("position", 4242L));
        assertThat(store.offset("other", Map.of("region", "eu", "shard", 7)))
                .contains(Map.of("seq", "abc", "lsn", 1.5));
        assertThat(store.writeFormat()).as("the format follows the file").isEqualTo(FileOffsetStore.Format.CONNECT);
    }

    @Test
    void apacheConnectReadsTheOffsetsKanalWroteInItsFormatAfterAMigration() throws Exception {
        Path file = dir.resolve("connect.offsets");
        writeWithConnect(file, "file-source", Map.of("filename", "/tmp/in.txt"), Map.of("position", 1L));

        FileOffsetStore store = new FileOffsetStore(file, FileOffsetStore.Format.AUTO);
        store.start();
        store.write("file-source", Map.of(Map.of("filename", "/tmp/in.txt"), Map.of("position", 99L)));
        store.write("file-source", Map.of(Map.of("filename", "/tmp/second.txt"), Map.of("position", 5L)));

        assertThat(readWithConnect(file, "file-source", Map.of("filename", "/tmp/in.txt")))
                .isEqualTo(Map.of("position", 99L));
        assertThat(readWithConnect(file, "file-source", Map.of("filename", "/tmp/second.txt")))
                .isEqualTo(Map.of("position", 5L));
    }

    @Test
    void forcedConnectFormatOnANewFileIsReadableByConnect() throws Exception {
        Path file = dir.resolve("new.offsets");
        FileOffsetStore store = new FileOffsetStore(file, FileOffsetStore.Format.CONNECT);
        store.start();
        store.write("src", Map.of(Map.of("p", "x"), Map.of("o", 3L)));

        assertThat(readWithConnect(file, "src", Map.of("p", "x"))).isEqualTo(Map.of("o", 3L));
    }

    private static FileOffsetBackingStore connectStore(Path file, JsonConverter keyConverter) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:9092");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("offset.storage.file.filename", file.toString());
        FileOffsetBackingStore store = new FileOffsetBackingStore(keyConverter);
        store.configure(new StandaloneConfig(props));
        store.start();
        return store;
    }

    private static JsonConverter internalConverter(boolean isKey) {
        // Connect's internal offset converters: JSON without schemas
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), isKey);
        return converter;
    }

    private static void writeWithConnect(Path file, String connector, Map<String, ?> partition, Map<String, ?> offset)
            throws Exception {
        JsonConverter keys = internalConverter(true);
        FileOffsetBackingStore store = connectStore(file, keys);
        try {
            OffsetStorageWriter writer = new OffsetStorageWriter(store, connector, keys, internalConverter(false));
            writer.offset(partition, offset);
            assertThat(writer.beginFlush()).isTrue();
            writer.doFlush((error, result) -> {}).get(10, TimeUnit.SECONDS);
        } finally {
            store.stop();
        }
    }

    private static Map<String, Object> readWithConnect(Path file, String connector, Map<String, ?> partition) {
        JsonConverter keys = internalConverter(true);
        FileOffsetBackingStore store = connectStore(file, keys);
        try {
            OffsetStorageReaderImpl reader =
                    new OffsetStorageReaderImpl(store, connector, keys, internalConverter(false));
            return reader.offset(partition);
        } finally {
            store.stop();
        }
    }
}
