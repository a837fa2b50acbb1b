package io.kanal.testkit.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A connector's status as Connect's REST API reports it ({@code GET /connectors/{name}/status}).
 *
 * @param name the connector
 * @param connector the connector instance's state and worker
 * @param tasks the tasks' states and workers, in the order the worker listed them
 * @param type {@code source} or {@code sink}, when the worker knows it
 */
public record ConnectorStatus(String name, State connector, List<TaskState> tasks, String type) {

    /** Connect's status for a running connector or task. */
    public static final String RUNNING = "RUNNING";

    /**
     * Copies the task list.
     *
     * @param name the connector
     * @param connector the connector instance's state and worker
     * @param tasks the tasks' states and workers
     * @param type {@code source} or {@code sink}, or null
     */
    public ConnectorStatus {
        tasks = List.copyOf(tasks);
    }

    /**
     * A connector instance's state.
     *
     * @param state {@code UNASSIGNED}, {@code RUNNING}, {@code PAUSED}, {@code STOPPED}, {@code FAILED}, ...
     * @param workerId the worker that reported it ({@code host:port} of its advertised REST URL)
     * @param trace the failure's stack trace, or null
     */
    public record State(String state, String workerId, String trace) {}

    /**
     * A task's state.
     *
     * @param id the task number
     * @param state as for the connector
     * @param workerId the worker that reported it
     * @param trace the failure's stack trace, or null
     */
    public record TaskState(int id, String state, String workerId, String trace) {}

    /**
     * Parses the JSON body of a status response.
     *
     * @param json the body
     * @return the status
     */
    static ConnectorStatus parse(JsonNode json) {
        JsonNode c = json.path("connector");
        List<TaskState> tasks = new ArrayList<>();
        for (JsonNode t : json.path("tasks")) {
            tasks.add(new TaskState(t.path("id").asInt(-1), text(t, "state"), text(t, "worker_id"), text(t, "trace")));
        }
        return new ConnectorStatus(
                text(json, "name"),
                new State(text(c, "state"), text(c, "worker_id"), text(c, "trace")),
                tasks,
                text(json, "type"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * Whether the connector and exactly {@code taskCount} tasks, numbered 0 to {@code taskCount - 1}, are RUNNING.
     *
     * @param taskCount the number of tasks expected
     * @return true when all run
     */
    public boolean isRunning(int taskCount) {
        if (!RUNNING.equals(connector.state()) || tasks.size() != taskCount) {
            return false;
        }
        for (int i = 0; i < taskCount; i++) {
            int id = i;
            if (tasks.stream().noneMatch(t -> t.id() == id && RUNNING.equals(t.state()))) {
                return false;
            }
        }
        return true;
    }
}
