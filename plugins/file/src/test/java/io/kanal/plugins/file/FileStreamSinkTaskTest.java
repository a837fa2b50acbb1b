package io.kanal.plugins.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Schema;
import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.TopicPartition;
import io.kanal.api.testing.FakeContexts;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStreamSinkTaskTest {

    @TempDir
    Path dir;

    @Test
    void putWritesEveryLineOfTheBatchToTheFileBeforeItReturns() throws Exception {
        Path file = dir.resolve("out.txt");
        FileStreamSinkTask task = start(file, FileStreamSinkTask.BUFFER_SIZE);

        task.put(List.of(record(0, "first"), record(1, 42), record(2, null), record(3, "é")));
        // String.valueOf of each value, as Connect's println writes it; there without waiting for a flush.
        assertThat(Files.readString(file)).isEqualTo("first\n42\nnull\né\n");

        task.flush(Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(4)));
        assertThat(Files.readString(file)).isEqualTo("first\n42\nnull\né\n");
        task.stop();
    }

    @Test
    void aBatchThatFitsTheBufferIsOneWrite() {
        List<Integer> writes = new ArrayList<>();
        OutputStream stdout = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(len);
            }
        };
        FileStreamSinkTask task = new FileStreamSinkTask(stdout, 1024);
        task.initialize(FakeContexts.sink(Map.of()));
        task.start(task.configSpec().parse(Map.of()));

        task.put(List.of(record(0, "a"), record(1, "bb"), record(2, "ccc")));
        task.put(List.of());

        assertThat(writes).containsExactly("a\nbb\nccc\n".length());
        task.stop();
    }

    @Test
    void aFullBufferIsWrittenOutAsWholeLinesOnly() throws Exception {
        List<String> writes = new ArrayList<>();
        OutputStream stdout = new OutputStream() {
            @Override
            public void write(int b) {
                writes.add(String.valueOf((char) b));
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(new String(b, off, len, StandardCharsets.UTF_8));
            }
        };
        FileStreamSinkTask task = new FileStreamSinkTask(stdout, 16);
        task.initialize(FakeContexts.sink(Map.of()));
        task.start(task.configSpec().parse(Map.of()));
        List<SinkRecord> batch = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            String value = "line-" + i;
            batch.add(record(i, value));
            expected.append(value).append('\n');
        }

        task.put(batch);

        assertThat(writes).hasSizeGreaterThan(1).allSatisfy(write -> assertThat(write)
                .hasSizeLessThanOrEqualTo(16)
                .endsWith("\n"));
        assertThat(String.join("", writes)).isEqualTo(expected.toString());
        task.stop();
    }

    @Test
    void aLineLongerThanTheBufferIsWrittenWhole() throws Exception {
        Path file = dir.resolve("long.txt");
        FileStreamSinkTask task = start(file, 16);
        String longLine = "y".repeat(100);

        task.put(List.of(record(0, "a"), record(1, longLine), record(2, "b")));
        task.flush(Map.of());

        assertThat(Files.readAllLines(file)).containsExactly("a", longLine, "b");
        task.stop();
    }

    @Test
    void appendsToAnExistingFileAndStopWritesWhatIsStillBuffered() throws Exception {
        Path file = dir.resolve("existing.txt");
        Files.writeString(file, "old\n");
        FileStreamSinkTask task = start(file, FileStreamSinkTask.BUFFER_SIZE);

        task.put(List.of(record(0, "new")));
        task.stop();

        assertThat(Files.readString(file)).isEqualTo("old\nnew\n");
    }

    @Test
    void twoTasksAppendingToOneFileNeverSplitEachOthersLines() throws Exception {
        Path file = dir.resolve("shared.txt");
        FileStreamSinkTask one = start(file, 64);
        FileStreamSinkTask two = start(file, 64);
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            List<SinkRecord> a = new ArrayList<>();
            List<SinkRecord> b = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                a.add(record(i, "one-" + round + "-" + i));
                b.add(record(i, "two-" + round + "-" + i));
                expected.add("one-" + round + "-" + i);
                expected.add("two-" + round + "-" + i);
            }
            one.put(a);
            two.put(b);
        }
        one.stop();
        two.stop();

        assertThat(Files.readAllLines(file)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void withoutAFileItWritesToStandardOutput() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        FileStreamSinkTask task = new FileStreamSinkTask(stdout, 1024);
        task.initialize(FakeContexts.sink(Map.of()));
        task.start(task.configSpec().parse(Map.of()));

        task.put(List.of(record(0, "to"), record(1, "stdout")));

        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("to\nstdout\n");
        task.stop();
    }

    private static FileStreamSinkTask start(Path file, int bufferSize) {
        Map<String, String> config = Map.of("file", file.toString());
        FileStreamSinkTask task = new FileStreamSinkTask(new ByteArrayOutputStream(), bufferSize);
        task.initialize(FakeContexts.sink(config));
        task.start(task.configSpec().parse(config));
        return task;
    }

    private static SinkRecord record(long offset, Object value) {
        return new SinkRecord("t", 0, null, null, Schema.OPTIONAL_STRING_SCHEMA, value, offset);
    }
}
