package io.kanal.runtime.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOffsetStoreTest {

    @TempDir
    Path dir;

    @Test
    void roundTripThroughTheJsonFile() throws IOException {
        Path file = dir.resolve("offsets");
        FileOffsetStore store = new FileOffsetStore(file, FileOffsetStore.Format.AUTO);
        store.start();
        store.write("src", Map.of(Map.of("filename", "/a"), Map.of("position", 12)));
        store.write("src", Map.of(Map.of("filename", "/b"), Map.of("position", 7, "ratio", 0.5)));
        store.write("other", Map.of(Map.of("shard", 3), Map.of("seq", "x")));

        FileOffsetStore reopened = new FileOffsetStore(file, FileOffsetStore.Format.AUTO);
        reopened.start();

        assertThat(reopened.offset("src", Map.of("filename", "/a"))).contains(Map.of("position", 12L));
        assertThat(reopened.offsets("src"))
                .isEqualTo(Map.of(
                        Map.of("filename", "/a"), Map.of("position", 12L),
                        Map.of("filename", "/b"), Map.of("position", 7L, "ratio", 0.5)));
        assertThat(reopened.offset("other", Map.of("shard", 3L)))
                .as("1 and 1L are one partition")
                .contains(Map.of("seq", "x"));
        assertThat(reopened.writeFormat()).isEqualTo(FileOffsetStore.Format.JSON);
        assertThat(Files.readString(file)).contains("\"key\" : [ \"src\", {").contains("\"position\" : 12");
    }

    @Test
    void partitionsAreComparedByContentAndNullOffsetsRemove() {
        FileOffsetStore store = new FileOffsetStore(dir.resolve("offsets"), FileOffsetStore.Format.JSON);
        store.start();
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2L);
        ba.put("a", 1L);
        store.write("src", Map.of(ab, Map.of("o", 1)));
        store.write("src", Map.of(ba, Map.of("o", 2)));
        assertThat(store.offsets("src")).hasSize(1);
        assertThat(store.offset("src", ab)).contains(Map.of("o", 2L));

        Map<Map<String, Object>, Map<String, Object>> removal = new HashMap<>();
        removal.put(ab, null);
        store.write("src", removal);
        assertThat(store.offsets("src")).isEmpty();
    }

    @Test
    void resetRemovesOneConnectorsOffsets() {
        FileOffsetStore store = new FileOffsetStore(dir.resolve("offsets"), FileOffsetStore.Format.JSON);
        store.start();
        store.write("a", Map.of(Map.of("p", 1), Map.of("o", 1)));
        store.write("b", Map.of(Map.of("p", 1), Map.of("o", 1)));

        store.reset("a");

        assertThat(store.offsets("a")).isEmpty();
        assertThat(store.offsets("b")).hasSize(1);
    }

    @Test
    void aWriteThatCrashesHalfwayLeavesThePreviousOffsets() throws IOException {
        Path file = dir.resolve("offsets");
        CrashingWriter writer = new CrashingWriter();
        FileOffsetStore store = new FileOffsetStore(file, FileOffsetStore.Format.JSON, writer);
        store.start();
        store.write("src", Map.of(Map.of("filename", "/a"), Map.of("position", 1)));
        byte[] before = Files.readAllBytes(file);

        writer.crashAfterBytes = 30;
        assertThatThrownBy(() -> store.write("src", Map.of(Map.of("filename", "/a"), Map.of("position", 2))))
                .isInstanceOf(StoreException.class);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(store.offset("src", Map.of("filename", "/a"))).contains(Map.of("position", 1L));
        FileOffsetStore reopened = new FileOffsetStore(file, FileOffsetStore.Format.JSON);
        reopened.start();
        assertThat(reopened.offset("src", Map.of("filename", "/a"))).contains(Map.of("position", 1L));
    }

    @Test
    void aJavaSerializedFileWithAnyOtherClassIsRefused() throws IOException {
        Path file = dir.resolve("offsets");
        HashMap<Object, Object> hostile = new HashMap<>();
        hostile.put("key".getBytes(), new ArrayList<>(List.of("not a byte array")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(hostile);
        }
        Files.write(file, bytes.toByteArray());

        FileOffsetStore store = new FileOffsetStore(file, FileOffsetStore.Format.AUTO);
        assertThatThrownBy(store::start)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("Kafka Connect format")
                .hasMessageContaining("other than HashMap and byte[]");
    }

    @Test
    void aDamagedJsonFileIsReportedWithItsPath() throws IOException {
        Path file = dir.resolve("offsets");
        Files.writeString(file, "{\"version\":1,\"offsets\":[{\"key\":{\"not\":\"a list\"},\"value\":{}}]}");

        assertThatThrownBy(() -> new FileOffsetStore(file, FileOffsetStore.Format.AUTO).start())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("[\"<connector>\",{partition}]");
    }
}
