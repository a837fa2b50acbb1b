package io.kanal.plugins.file;

import io.kanal.api.data.Schema;
import io.kanal.api.errors.PluginException;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The task of {@link FileStreamSourceConnector}: emits each line of the file as a record with a {@code STRING} value
 * and no key, source partition {@code {"filename": <file>}} and source offset {@code {"position": <byte offset after
 * the line>}} (Connect's keys), up to {@code batch.size} records per {@link #poll}. On start it reads the committed
 * position and resumes there, so no committed line is read twice and no line is skipped.
 *
 * <p>A file that does not exist yet is waited for; a last line without its newline is held back until the newline is
 * written. When there is nothing to read, {@code poll} waits up to 100 ms for more and then returns an empty list,
 * so that the runtime can stop the task promptly.
 *
 * <p>Standard input (no {@code file}) has partition {@code {"filename": null}} and offset {@code {"position": null}},
 * as in Connect: it cannot be resumed.
 *
 * <p>Threading: the runtime calls every method on the task's thread, one call at a time; nothing is shared.
 */
public class FileStreamSourceTask extends SourceTask {

    private static final Duration IDLE_WAIT = Duration.ofMillis(100);
    /** While idle, how often to look for more data: short enough for low latency, long enough to cost nothing. */
    private static final long IDLE_CHECK_MS = 10;

    private final Duration idleWait;
    private final InputStream stdin;

    private String topic;
    private int batchSize;
    /** The file, or null for standard input. */
    private Path file;

    private Map<String, Object> partition;
    private long startPosition;
    private LineReader reader;

    /** For the runtime, which creates tasks through their public no-argument constructor. */
    public FileStreamSourceTask() {
        this(IDLE_WAIT, System.in);
    }

    /** For tests: a shorter idle wait, another standard input. */
    FileStreamSourceTask(Duration idleWait, InputStream stdin) {
        this.idleWait = idleWait;
        this.stdin = stdin;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public ConfigSpec configSpec() {
        return FileStreamSourceConnector.SPEC;
    }

    @Override
    public void start(ParsedConfig config) {
        topic = config.get(FileStreamSourceConnector.TOPIC);
        batchSize = config.get(FileStreamSourceConnector.BATCH_SIZE);
        String name = FileStreamSourceConnector.fileOf(config).orElse(null);
        file = name == null ? null : Path.of(name);
        if (name != null) {
            // Immutable, so each record shares it rather than copying it.
            partition = Map.of(FileStreamSourceConnector.FILENAME_FIELD, name);
        } else {
            // A HashMap, since Connect's partition for standard input holds a null file name.
            Map<String, Object> p = new HashMap<>();
            p.put(FileStreamSourceConnector.FILENAME_FIELD, null);
            partition = Collections.unmodifiableMap(p);
        }
        if (file == null) {
            reader = new LineReader(new StdinInput(stdin), 0, LineReader.INITIAL_BUFFER);
        } else {
            Map<String, Object> committed = context().offsetReader().offset(partition);
            startPosition = committed == null ? 0 : position(committed);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        try {
            if (reader == null && !open()) {
                Thread.sleep(idleWait.toMillis()); // the file does not exist yet
                return List.of();
            }
            List<SourceRecord> records = readBatch();
            if (records.isEmpty() && awaitInput()) {
                records = readBatch();
            }
            return records;
        } catch (IOException e) {
            throw new PluginException("cannot read " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                throw new PluginException("cannot close " + describe() + ": " + e.getMessage(), e);
            } finally {
                reader = null;
            }
        }
    }

    /** Opens the file at the start position; false when it does not exist yet. */
    private boolean open() throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        try {
            long size = channel.size();
            if (startPosition > size) {
                // Seeking past the end would wait silently for bytes that belong to another file.
                throw new PluginException("the committed position " + startPosition + " of " + file
                        + " is beyond its size " + size + ": the file was truncated or replaced; reset the offsets of"
                        + " this connector to read it from the start");
            }
            channel.position(startPosition);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        reader = new LineReader(new FileInput(channel), startPosition, LineReader.INITIAL_BUFFER);
        return true;
    }

    private List<SourceRecord> readBatch() throws IOException {
        List<SourceRecord> records = null;
        Long timestamp = null;
        boolean stdinOffsets = file == null;
        while (records == null || records.size() < batchSize) {
            String line = reader.readLine();
            if (line == null) {
                break;
            }
            if (records == null) {
                records = new ArrayList<>(Math.min(batchSize, 1024));
                timestamp = System.currentTimeMillis();
            }
            Map<String, Object> offset = stdinOffsets
                    ? Collections.singletonMap(FileStreamSourceConnector.POSITION_FIELD, null)
                    : Map.of(FileStreamSourceConnector.POSITION_FIELD, reader.position());
            records.add(new SourceRecord(
                    partition, offset, topic, null, null, null, Schema.STRING_SCHEMA, line, timestamp, null));
        }
        return records == null ? List.of() : records;
    }

    /** Waits, up to the idle wait, for more input; true when there is some. */
    private boolean awaitInput() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + idleWait.toNanos();
        while (!reader.hasMoreInput()) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return false;
            }
            Thread.sleep(Math.min(IDLE_CHECK_MS, leftMs));
        }
        return true;
    }

    private String describe() {
        return file == null ? "standard input" : file.toString();
    }

    /**
     * The position of a committed offset: a whole, non-negative number (a {@code Long} in Connect; an {@code Integer}
     * is accepted, since a JSON store may give one back); a missing or null position is 0, as in Connect.
     *
     * @throws PluginException naming the field when the offset is not of that shape
     */
    static long position(Map<String, ?> offset) {
        Object value = offset.get(FileStreamSourceConnector.POSITION_FIELD);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
            throw new PluginException("the offset's '" + FileStreamSourceConnector.POSITION_FIELD
                    + "' must be a whole number, got " + value.getClass().getSimpleName() + " " + value);
        }
        long position = ((Number) value).longValue();
        if (position < 0) {
            throw new PluginException("the offset's '" + FileStreamSourceConnector.POSITION_FIELD
                    + "' must not be negative, got " + position);
        }
        return position;
    }

    /** A file read through its channel; the end of the file is "nothing yet", since it may grow. */
    private static final class FileInput implements LineReader.Input {
        private final FileChannel channel;

        FileInput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            return Math.max(0, channel.read(ByteBuffer.wrap(into, offset, length)));
        }

        @Override
        public boolean hasMore() throws IOException {
            return channel.size() > channel.position();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Standard input, read only as far as is available, since a blocking read could not be stopped. */
    private static final class StdinInput implements LineReader.Input {
        private final InputStream in;

        StdinInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int available = in.available();
            if (available <= 0) {
                return 0;
            }
            return Math.max(0, in.read(into, offset, Math.min(length, available)));
        }

        @Override
        public boolean hasMore() throws IOException {
            return in.available() > 0;
        }

        @Override
        public void close() {
            // Standard input belongs to the process, not to the task.
        }
    }
}
