package io.kanal.plugins.file;

import io.kanal.api.errors.PluginException;
import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;

/**
 * The task of {@link FileStreamSinkConnector}: appends {@code String.valueOf(value)} and {@code '\n'} for each record
 * to the file (or standard output), as Connect's {@code println} does, but through a buffer of its own: {@link #put}
 * fills the buffer and writes it out once at its end (or earlier when full), so a batch costs one write rather than
 * one per record, and its lines are in the file when {@code put} returns, not an offset flush interval later (Connect's
 * default is a minute); {@link #flush} forces the file to disk ({@link FileChannel#force}), so the offsets the runtime
 * commits after {@code flush} never pass what is on disk.
 *
 * <p>The buffer is written out only at line boundaries (a line longer than the buffer is written on its own), so that
 * several tasks appending to one file do not split each other's lines.
 *
 * <p>Threading: the runtime calls every method on the task's thread, one call at a time; nothing is shared.
 */
public class FileStreamSinkTask extends SinkTask {

    static final int BUFFER_SIZE = 256 * 1024;

    private final OutputStream stdout;
    private final int bufferSize;

    private String target;
    /** The file's channel, or null when writing to standard output. */
    private FileChannel file;

    private WritableByteChannel out;
    private ByteBuffer buffer;

    /** For the runtime, which creates tasks through their public no-argument constructor. */
    public FileStreamSinkTask() {
        this(System.out, BUFFER_SIZE);
    }

    /** For tests: another standard output, another buffer size. */
    FileStreamSinkTask(OutputStream stdout, int bufferSize) {
        this.stdout = stdout;
        this.bufferSize = bufferSize;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public ConfigSpec configSpec() {
        return FileStreamSinkConnector.SPEC;
    }

    @Override
    public void start(ParsedConfig config) {
        String name = FileStreamSinkConnector.fileOf(config).orElse(null);
        target = name == null ? "standard output" : name;
        if (name == null) {
            out = Channels.newChannel(stdout);
        } else {
            try {
                file = FileChannel.open(
                        Path.of(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new PluginException("cannot open " + name + " for appending: " + e.getMessage(), e);
            }
            out = file;
        }
        buffer = ByteBuffer.allocateDirect(bufferSize);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            for (SinkRecord record : records) {
                append(String.valueOf(record.value()).getBytes(StandardCharsets.UTF_8));
            }
            // Held back until the next flush, the tail of a batch would wait for the offset flush interval.
            drain();
        } catch (IOException e) {
            throw new PluginException("cannot write to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes out what is buffered and forces the file to disk, so that the offsets about to be committed are safe. */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            drain();
            if (file != null) {
                file.force(false);
            } else {
                stdout.flush();
            }
        } catch (IOException e) {
            throw new PluginException("cannot flush " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes what is buffered and closes the file. Those records' offsets may not be committed: at worst they are
     * written again after a restart (at least once), which is better than holding back lines already read.
     */
    @Override
    public void stop() {
        if (out == null) {
            return;
        }
        try {
            drain();
            if (file != null) {
                file.force(false);
                file.close();
            } else {
                stdout.flush();
            }
        } catch (IOException e) {
            throw new PluginException("cannot close " + target + ": " + e.getMessage(), e);
        } finally {
            out = null;
            file = null;
        }
    }

    private void append(byte[] line) throws IOException {
        if (buffer.remaining() < line.length + 1) {
            drain();
            if (buffer.remaining() < line.length + 1) {
                // Longer than the whole buffer: write it on its own, still as one line.
                ByteBuffer whole = ByteBuffer.allocate(line.length + 1);
                whole.put(line).put((byte) '\n').flip();
                writeFully(whole);
                return;
            }
        }
        buffer.put(line).put((byte) '\n');
    }

    private void drain() throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
