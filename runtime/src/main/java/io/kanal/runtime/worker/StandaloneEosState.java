package io.kanal.runtime.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.file.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a standalone worker with exactly-once source support must remember across restarts besides the offsets, in a
 * Kanal-only file next to the offsets file ({@code <offset.storage.file.filename>.kanal-eos.json}), replaced atomically
 * on every change:
 *
 * <ul>
 *   <li>the offsets topics the offsets file has been migrated to ({@code migratedTo}): the migration runs once per
 *       topic, never again, whatever later happens to the offsets in the topic ({@link StandaloneTopicOffsets});
 *   <li>per connector, how many transactional ids {@code <workerId>-<connector>-<task>} may hold an open transaction
 *       ({@code workerId}, {@code taskCounts}): written before a task takes its id, so that a restarted worker can
 *       fence those a lower task count no longer uses ({@link StandaloneFencing}).
 * </ul>
 *
 * <p>A file rather than records in the offsets topic: the topic stays in Connect's format for every reader (a foreign
 * key there is skipped with a warning by Connect and by Kanal's offsets store alike), the file is on the disk of the
 * offsets file it guards, and deleting it is how an operator asks for the migration again.
 *
 * <p><b>Threading.</b> Thread-safe: every method is synchronized; task threads record counts while the store thread
 * reads.
 */
final class StandaloneEosState {

    /** What follows the offsets file's name. */
    static final String SUFFIX = ".kanal-eos.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Set<String> migratedTo = new TreeSet<>();
    private final Map<String, Integer> taskCounts = new TreeMap<>();
    private String workerId = "";
    private boolean loaded;

    /**
     * @param file the state file
     */
    StandaloneEosState(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * The state file of an offsets file.
     *
     * @param offsetsFile {@code offset.storage.file.filename}
     * @return the file next to it
     */
    static Path next(Path offsetsFile) {
        return offsetsFile.resolveSibling(offsetsFile.getFileName() + SUFFIX);
    }

    /**
     * Reads the file, once; a missing file is an empty state.
     *
     * @throws StoreException when the file cannot be read or is not this state
     */
    synchronized void load() {
        if (loaded) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            loaded = true;
            return;
        } catch (IOException e) {
            throw new StoreException("Could not read the exactly-once state file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new StoreException("The exactly-once state file " + file + " is not a JSON object");
        }
        root.path("migratedTo").forEach(t -> migratedTo.add(t.asText()));
        workerId = root.path("workerId").asText("");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("taskCounts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            taskCounts.put(e.getKey(), e.getValue().asInt());
        }
        loaded = true;
    }

    /**
     * Whether the offsets file has been migrated to a topic; {@link #load()} first.
     *
     * @param topic the offsets topic
     * @return true once {@link #markMigrated} was durable for it
     */
    synchronized boolean migrated(String topic) {
        return migratedTo.contains(topic);
    }

    /**
     * Records, durably, that the offsets file has been migrated to a topic.
     *
     * @param topic the offsets topic
     * @throws StoreException when the file cannot be written; the state is then unchanged
     */
    synchronized void markMigrated(String topic) {
        load(); // never replace a file not read
        Set<String> before = Set.copyOf(migratedTo);
        migratedTo.add(topic);
        try {
            persist();
        } catch (StoreException e) {
            migratedTo.retainAll(before);
            throw e;
        }
    }

    /**
     * The worker id of the recorded task counts.
     *
     * @return the id; empty when none was recorded
     */
    synchronized String workerId() {
        return workerId;
    }

    /**
     * The recorded task counts.
     *
     * @return connector → how many of its transactional ids may hold an open transaction
     */
    synchronized Map<String, Integer> taskCounts() {
        return Map.copyOf(taskCounts);
    }

    /**
     * Records, durably, a connector's task count; counts recorded under another worker id are dropped.
     *
     * @param id the worker id, the transactional ids' prefix
     * @param connector the connector
     * @param count how many of its ids may hold an open transaction from now on
     * @throws StoreException when the file cannot be written; the state is then unchanged
     */
    synchronized void putTaskCount(String id, String connector, int count) {
        load(); // never replace a file not read
        String oldId = workerId;
        Map<String, Integer> old = Map.copyOf(taskCounts);
        if (!id.equals(workerId)) {
            taskCounts.clear();
            workerId = id;
        }
        taskCounts.put(connector, count);
        try {
            persist();
        } catch (StoreException e) {
            workerId = oldId;
            taskCounts.clear();
            taskCounts.putAll(old);
            throw e;
        }
    }

    private void persist() {
        ObjectNode root = JSON.createObjectNode();
        migratedTo.forEach(root.putArray("migratedTo")::add);
        root.put("workerId", workerId);
        ObjectNode counts = root.putObject("taskCounts");
        taskCounts.forEach(counts::put);
        try {
            AtomicFile.write(
                    file, out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
        } catch (IOException e) {
            throw new StoreException("Could not write the exactly-once state file " + file + ": " + e.getMessage(), e);
        }
    }
}
