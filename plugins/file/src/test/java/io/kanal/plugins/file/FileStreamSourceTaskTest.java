package io.kanal.plugins.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import io.kanal.api.errors.PluginException;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.testing.FakeContexts;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStreamSourceTaskTest {

    private static final String TOPIC = "lines";

    @TempDir
    Path dir;

    private final List<FileStreamSourceTask> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(FileStreamSourceTask::stop);
    }

    @Test
    void emitsEachLineWithConnectsPartitionAndTheByteOffsetAfterIt() throws Exception {
        Path file = dir.resolve("in.txt");
        // Multi-byte characters and every terminator Connect accepts: "\n", "\r\n" and a lone "\r".
        Files.write(file, "a\nbé\r\nc\rd\n".getBytes(StandardCharsets.UTF_8));
        FileStreamSourceTask task = start(file, 10, Map.of());

        List<SourceRecord> records = task.poll();

        assertThat(records).extracting(SourceRecord::value).containsExactly("a", "bé", "c", "d");
        assertThat(records)
                .extracting(r -> (Object) r.sourceOffset().get("position"))
                .containsExactly(2L, 7L, 9L, 11L);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.sourcePartition()).isEqualTo(Map.of("filename", file.toString()));
            assertThat(r.topic()).isEqualTo(TOPIC);
            assertThat(r.key()).isNull();
            assertThat(r.keySchema()).isNull();
            assertThat(r.valueSchema()).isEqualTo(Schema.STRING_SCHEMA);
            assertThat(r.timestamp()).isNotNull();
        });
        assertThat(task.poll()).isEmpty();
    }

    @Test
    void holdsBackAPartialLastLineUntilItsNewlineArrives() throws Exception {
        Path file = dir.resolve("growing.txt");
        Files.writeString(file, "one\ntw");
        FileStreamSourceTask task = start(file, 10, Map.of());

        assertThat(task.poll()).extracting(SourceRecord::value).containsExactly("one");
        assertThat(task.poll()).isEmpty();

        Files.writeString(file, "o\nthree\r", StandardOpenOption.APPEND);
        List<SourceRecord> next = task.poll();
        // "three\r" could still become "three\r\n": it waits for the next byte.
        assertThat(next).extracting(SourceRecord::value).containsExactly("two");
        assertThat(next.get(0).sourceOffset()).isEqualTo(Map.of("position", 8L));

        Files.writeString(file, "\n", StandardOpenOption.APPEND);
        List<SourceRecord> last = task.poll();
        assertThat(last).extracting(SourceRecord::value).containsExactly("three");
        assertThat(last.get(0).sourceOffset()).isEqualTo(Map.of("position", Files.size(file)));
    }

    @Test
    void resumesFromTheCommittedOffsetWithNoLineLostOrDuplicated() throws Exception {
        Path file = dir.resolve("resume.txt");
        List<String> lines = numberedLines(1000, new Random(7));
        Files.write(file, lines, StandardCharsets.UTF_8);

        FileStreamSourceTask first = start(file, 128, Map.of());
        List<SourceRecord> read = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<SourceRecord> batch = first.poll();
            assertThat(batch).hasSize(128);
            read.addAll(batch);
        }
        first.stop();
        started.remove(first);
        // Only part of what was read was committed: the rest must come again, exactly once.
        Map<String, ?> committed = read.get(300).sourceOffset();
        FileStreamSourceTask second = start(file, 128, Map.of(partition(file), new HashMap<>(committed)));
        List<SourceRecord> rest = drain(second);

        List<Object> values = new ArrayList<>(
                read.subList(0, 301).stream().map(SourceRecord::value).toList());
        rest.forEach(r -> values.add(r.value()));
        assertThat(values).containsExactlyElementsOf(lines);
        assertThat(rest.get(rest.size() - 1).sourceOffset()).isEqualTo(Map.of("position", Files.size(file)));
    }

    @Test
    void readsALargeFileInBatchesOfAtMostTheBatchSizeIncludingALineLongerThanTheBuffer() throws Exception {
        Path file = dir.resolve("large.txt");
        List<String> lines = numberedLines(200_000, new Random(11));
        lines.set(123_456, "x".repeat(3 * LineReader.INITIAL_BUFFER + 17));
        Files.write(file, lines, StandardCharsets.UTF_8);
        FileStreamSourceTask task = start(file, 2000, Map.of());

        List<Object> values = new ArrayList<>(lines.size());
        long lastPosition = -1;
        while (values.size() < lines.size()) {
            List<SourceRecord> batch = task.poll();
            assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(2000);
            for (SourceRecord record : batch) {
                long position = (Long) record.sourceOffset().get("position");
                assertThat(position).isGreaterThan(lastPosition);
                lastPosition = position;
                values.add(record.value());
            }
        }
        assertThat(values).containsExactlyElementsOf(lines);
        assertThat(lastPosition).isEqualTo(Files.size(file));
        assertThat(task.poll()).isEmpty();
    }

    @Test
    void waitsForAFileThatDoesNotExistYet() throws Exception {
        Path file = dir.resolve("later.txt");
        FileStreamSourceTask task = start(file, 10, Map.of());

        assertThat(task.poll()).isEmpty();
        Files.writeString(file, "here\n");

        assertThat(task.poll()).extracting(SourceRecord::value).containsExactly("here");
    }

    @Test
    void acceptsAnIntegerPositionAndRejectsOffsetsOfAnotherShapeNamingTheField() throws Exception {
        Path file = dir.resolve("typed.txt");
        Files.writeString(file, "a\nb\n");
        FileStreamSourceTask task = start(file, 10, Map.of(partition(file), Map.of("position", 2)));
        assertThat(task.poll()).extracting(SourceRecord::value).containsExactly("b");

        assertThatThrownBy(() -> start(file, 10, Map.of(partition(file), Map.of("position", "2"))))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("'position' must be a whole number");
        assertThatThrownBy(() -> start(file, 10, Map.of(partition(file), Map.of("position", -1L))))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("must not be negative");
    }

    @Test
    void aCommittedPositionBeyondTheEndOfTheFileFailsRatherThanWaitingSilently() throws Exception {
        Path file = dir.resolve("truncated.txt");
        Files.writeString(file, "short\n");
        FileStreamSourceTask task = start(file, 10, Map.of(partition(file), Map.of("position", 1000L)));

        assertThatThrownBy(task::poll)
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("position 1000 of " + file)
                .hasMessageContaining("beyond its size 6");
    }

    @Test
    void readsStandardInputWithConnectsNullPartitionAndPosition() throws Exception {
        FileStreamSourceTask task = new FileStreamSourceTask(
                Duration.ofMillis(5), new ByteArrayInputStream("x\ny\npartial".getBytes(StandardCharsets.UTF_8)));
        task.initialize(FakeContexts.source(Map.of(), Map.of()));
        task.start(task.configSpec().parse(Map.of("topic", TOPIC)));
        started.add(task);

        List<SourceRecord> records = task.poll();

        assertThat(records).extracting(SourceRecord::value).containsExactly("x", "y");
        Map<String, Object> nullFile = new HashMap<>();
        nullFile.put("filename", null);
        Map<String, Object> nullPosition = new HashMap<>();
        nullPosition.put("position", null);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.sourcePartition()).isEqualTo(nullFile);
            assertThat(r.sourceOffset()).isEqualTo(nullPosition);
        });
    }

    @Test
    void standardInputIsReadOnlyAsFarAsIsAvailableSoPollNeverBlocks() throws Exception {
        InputStream neverEnds = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("a blocking read");
            }

            @Override
            public int available() {
                return 0;
            }
        };
        FileStreamSourceTask task = new FileStreamSourceTask(Duration.ofMillis(5), neverEnds);
        task.initialize(FakeContexts.source(Map.of(), Map.of()));
        task.start(task.configSpec().parse(Map.of("topic", TOPIC, "file", "")));
        started.add(task);

        assertThat(task.poll()).isEmpty();
    }

    private FileStreamSourceTask start(Path file, int batchSize, Map<Map<String, ?>, Map<String, Object>> committed) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("file", file.toString());
        config.put("topic", TOPIC);
        config.put("batch.size", String.valueOf(batchSize));
        FileStreamSourceTask task = new FileStreamSourceTask(Duration.ofMillis(5), InputStream.nullInputStream());
        task.initialize(FakeContexts.source(config, committed));
        task.start(task.configSpec().parse(config));
        started.add(task);
        return task;
    }

    private static List<SourceRecord> drain(FileStreamSourceTask task) throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        while (true) {
            List<SourceRecord> batch = task.poll();
            if (batch == null || batch.isEmpty()) {
                return out;
            }
            out.addAll(batch);
        }
    }

    private static Map<String, ?> partition(Path file) {
        return Map.of("filename", file.toString());
    }

    /** Lines of varying length and content, multi-byte characters included, each unique. */
    private static List<String> numberedLines(int count, Random random) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(i + ":" + "ab€ç".repeat(random.nextInt(20)));
        }
        return lines;
    }
}
