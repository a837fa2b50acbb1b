package io.kanal.client.group;

import io.kanal.client.errors.KafkaException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A toy group protocol for tests: the leader spreads {@code tasks} numbered tasks round-robin over the members sorted
 * by member id; each member's assignment is its task numbers as 4-byte integers. Events are reported to a listener as
 * lines ({@code A <generation> <memberId> <tasks>}, {@code P <generation>}, {@code L <generation>}).
 */
class ToyProtocol implements GroupProtocol {
    static final String TYPE = "toy";

    private final String name;
    private final int tasks;
    private final Consumer<String> events;
    final List<MemberAssignment> assignments = new CopyOnWriteArrayList<>();
    final List<Integer> revokedGenerations = new CopyOnWriteArrayList<>();
    final List<Integer> lostGenerations = new CopyOnWriteArrayList<>();

    ToyProtocol(String name, int tasks, Consumer<String> events) {
        this.name = name;
        this.tasks = tasks;
        this.events = events;
    }

    @Override
    public String protocolType() {
        return TYPE;
    }

    @Override
    public List<ProtocolMetadata> metadata() {
        return List.of(new ProtocolMetadata("round-robin", ByteBuffer.wrap(name.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void onJoinPrepare(int generationId, String memberId) {
        revokedGenerations.add(generationId);
        events.accept("P " + generationId);
    }

    @Override
    public Map<String, ByteBuffer> assign(
            int generationId, String leaderId, String protocol, List<MemberMetadata> members) {
        List<MemberMetadata> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(MemberMetadata::memberId));
        Map<String, List<Integer>> byMember = new HashMap<>();
        for (MemberMetadata m : sorted) {
            byMember.put(m.memberId(), new ArrayList<>());
        }
        for (int t = 0; t < tasks; t++) {
            byMember.get(sorted.get(t % sorted.size()).memberId()).add(t);
        }
        Map<String, ByteBuffer> out = new HashMap<>();
        byMember.forEach((id, list) -> {
            ByteBuffer b = ByteBuffer.allocate(4 * list.size());
            list.forEach(b::putInt);
            out.put(id, b.flip());
        });
        return out;
    }

    @Override
    public void onAssignment(MemberAssignment assignment) {
        assignments.add(assignment);
        events.accept("A " + assignment.generationId() + " " + assignment.memberId() + " " + tasksOf(assignment));
    }

    @Override
    public void onLost(int generationId, String memberId, KafkaException cause) {
        lostGenerations.add(generationId);
        events.accept("L " + generationId);
    }

    static List<Integer> tasksOf(MemberAssignment assignment) {
        ByteBuffer b = assignment.assignment().duplicate();
        List<Integer> out = new ArrayList<>();
        while (b.remaining() >= 4) {
            out.add(b.getInt());
        }
        return out;
    }

    MemberAssignment latest() {
        return assignments.isEmpty() ? null : assignments.get(assignments.size() - 1);
    }
}
