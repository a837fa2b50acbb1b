package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.store.file.FileOffsetStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneTopicOffsetsTest {

    @TempDir
    Path dir;

    /** The topic's store: a map, and a log of what was asked of it. */
    private static final class TopicStore implements OffsetStore {
        final Map<String, Map<Map<String, Object>, Map<String, Object>>> offsets = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        Runnable onReset = () -> {};

        @Override
        public void start() {
            calls.add("start");
        }

        @Override
        public Optional<Map<String, Object>> offset(String connector, Map<String, ?> partition) {
            return Optional.ofNullable(offsets.getOrDefault(connector, Map.of()).get(partition));
        }

        @Override
        public Map<Map<String, Object>, Map<String, Object>> offsets(String connector) {
            return Map.copyOf(offsets.getOrDefault(connector, Map.of()));
        }

        @Override
        public void write(String connector, Map<? extends Map<String, ?>, ? extends Map<String, ?>> written) {
            calls.add("write " + connector);
            Map<Map<String, Object>, Map<String, Object>> mine =
                    offsets.computeIfAbsent(connector, c -> new LinkedHashMap<>());
            written.forEach((p, o) -> {
                if (o == null) {
                    mine.remove(Map.copyOf(p));
                } else {
                    mine.put(Map.copyOf(p), Map.copyOf(o));
                }
            });
        }

        @Override
        public void reset(String connector) {
            calls.add("reset " + connector);
            onReset.run();
            offsets.remove(connector);
        }

        @Override
        public void readToEnd(Duration timeout) {
            calls.add("readToEnd");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    /** The state as a restarted worker reads it: a new object on the same file. */
    private StandaloneEosState state() {
        return new StandaloneEosState(StandaloneEosState.next(dir.resolve("offsets")));
    }

    private FileOffsetStore file() {
        return new FileOffsetStore(dir.resolve("offsets"), FileOffsetStore.Format.AUTO);
    }

    private static Map<String, Object> partition(String name) {
        return Map.of("file", name);
    }

    private static Map<String, Object> position(long p) {
        return Map.of("position", p);
    }

    private void fileHas(String connector, String partition, long position) {
        FileOffsetStore f = file();
        f.start();
        f.write(connector, Map.of(partition(partition), position(position)));
    }

    @Test
    void startCopiesTheFilesOffsetsOfConnectorsTheTopicDoesNotKnow() {
        fileHas("old", "a", 10);
        fileHas("old", "b", 20);
        fileHas("known", "a", 5);
        TopicStore topic = new TopicStore();
        topic.offsets.put("known", new LinkedHashMap<>(Map.of(partition("a"), position(99))));

        StandaloneTopicOffsets store = new StandaloneTopicOffsets(topic, file(), "t", state());
        store.start();

        assertThat(topic.calls).containsExactly("start", "write old");
        assertThat(store.offsets("old")).isEqualTo(Map.of(partition("a"), position(10), partition("b"), position(20)));
        assertThat(store.offset("known", partition("a"))).contains(position(99));
    }

    @Test
    void aSecondStartCopiesNothingAgain() {
        fileHas("old", "a", 10);
        TopicStore topic = new TopicStore();
        new StandaloneTopicOffsets(topic, file(), "t", state()).start();
        // the task moved on in the topic; the file stayed where it was
        topic.write("old", Map.of(partition("a"), position(500)));
        topic.calls.clear();

        StandaloneTopicOffsets again = new StandaloneTopicOffsets(topic, file(), "t", state());
        again.start();

        assertThat(topic.calls).containsExactly("start");
        assertThat(again.offset("old", partition("a"))).contains(position(500));
    }

    @Test
    void aResetRemovesTheOffsetsFromTheFileTooSoThatNoStartBringsThemBack() {
        fileHas("old", "a", 10);
        fileHas("other", "a", 1);
        TopicStore topic = new TopicStore();
        StandaloneTopicOffsets store = new StandaloneTopicOffsets(topic, file(), "t", state());
        store.start();

        store.reset("old");

        assertThat(store.offsets("old")).isEmpty();
        FileOffsetStore f = file();
        f.start();
        assertThat(f.connectors()).containsExactly("other");
        StandaloneTopicOffsets restarted = new StandaloneTopicOffsets(topic, file(), "t", state());
        restarted.start();
        assertThat(restarted.offsets("old")).isEmpty();
    }

    @Test
    void readsWritesAndCatchingUpGoToTheTopicNeverToTheFile() {
        TopicStore topic = new TopicStore();
        StandaloneTopicOffsets store = new StandaloneTopicOffsets(topic, file(), "t", state());
        store.start();

        store.write("c", Map.of(partition("a"), position(1)));
        store.writeAsync("c", Map.of(partition("b"), position(2))).join();
        store.readToEnd(Duration.ofSeconds(1));
        store.close();

        assertThat(topic.calls).containsExactly("start", "write c", "write c", "readToEnd", "close");
        assertThat(store.offsets("c")).isEqualTo(Map.of(partition("a"), position(1), partition("b"), position(2)));
        FileOffsetStore f = file();
        f.start();
        assertThat(f.connectors()).isEmpty();
    }

    @Test
    void offsetsRemovedFromTheTopicAreNotBroughtBackFromTheFileByARestart() {
        fileHas("old", "a", 10);
        fileHas("old", "b", 20);
        TopicStore topic = new TopicStore();
        new StandaloneTopicOffsets(topic, file(), "t", state()).start();
        // PATCH /connectors/old/offsets with a null offset for every partition: the topic only
        topic.write("old", removals(partition("a"), partition("b")));
        topic.calls.clear();

        StandaloneTopicOffsets restarted = new StandaloneTopicOffsets(topic, file(), "t", state());
        restarted.start();

        assertThat(topic.calls).containsExactly("start");
        assertThat(restarted.offsets("old")).isEmpty();
    }

    @Test
    void aConnectorTheTopicNoLongerKnowsKeepsNoOffsetsWhenItIsCreatedAgain() {
        // migrated while the connector did not exist yet, its name still in the file
        fileHas("reborn", "a", 10);
        TopicStore topic = new TopicStore();
        new StandaloneTopicOffsets(topic, file(), "t", state()).start();
        topic.offsets.remove("reborn"); // its offsets were tombstoned in the topic (compacted away)

        StandaloneTopicOffsets restarted = new StandaloneTopicOffsets(topic, file(), "t", state());
        restarted.start();

        assertThat(restarted.offsets("reborn")).isEmpty();
    }

    @Test
    void theMigrationIsRecordedPerTopicAndDeletingTheStateFileAsksForItAgain() throws Exception {
        fileHas("old", "a", 10);
        TopicStore topic = new TopicStore();
        new StandaloneTopicOffsets(topic, file(), "t", state()).start();
        topic.offsets.clear();

        TopicStore other = new TopicStore();
        StandaloneTopicOffsets onAnotherTopic = new StandaloneTopicOffsets(other, file(), "t2", state());
        onAnotherTopic.start();
        assertThat(onAnotherTopic.offsets("old")).isEqualTo(Map.of(partition("a"), position(10)));

        java.nio.file.Files.delete(StandaloneEosState.next(dir.resolve("offsets")));
        StandaloneTopicOffsets again = new StandaloneTopicOffsets(topic, file(), "t", state());
        again.start();
        assertThat(again.offsets("old")).isEqualTo(Map.of(partition("a"), position(10)));
    }

    @Test
    void aResetClearsTheFileBeforeTheTopic() {
        fileHas("old", "a", 10);
        TopicStore topic = new TopicStore();
        StandaloneTopicOffsets store = new StandaloneTopicOffsets(topic, file(), "t", state());
        store.start();
        List<String> fileWhenTheTopicWasReset = new ArrayList<>();
        topic.onReset = () -> {
            FileOffsetStore f = file();
            f.start();
            fileWhenTheTopicWasReset.addAll(f.connectors());
        };

        store.reset("old");

        assertThat(topic.calls).contains("reset old");
        assertThat(fileWhenTheTopicWasReset).isEmpty();
    }

    private static Map<Map<String, Object>, Map<String, Object>> removals(
            Map<String, Object> first, Map<String, Object> second) {
        Map<Map<String, Object>, Map<String, Object>> map = new LinkedHashMap<>();
        map.put(first, null);
        map.put(second, null);
        return map;
    }
}
