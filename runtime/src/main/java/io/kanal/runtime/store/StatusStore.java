package io.kanal.runtime.store;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.Status;
import java.util.Map;
import java.util.Optional;

/**
 * Connector and task statuses as REST and other workers see them: memory in standalone mode, Connect's status topic
 * in distributed mode. Written by the {@code kanal-herder} thread only; read from any thread.
 */
public interface StatusStore {

    /**
     * Records a connector's status.
     *
     * @param connector the connector's name
     * @param status its status
     */
    void putConnector(String connector, Status status);

    /**
     * Records a task's status.
     *
     * @param task the task
     * @param status its status
     */
    void putTask(ConnectorTaskId task, Status status);

    /**
     * Forgets a connector's status and those of all its tasks.
     *
     * @param connector the connector's name
     */
    void removeConnector(String connector);

    /**
     * Forgets a task's status.
     *
     * @param task the task
     */
    void removeTask(ConnectorTaskId task);

    /**
     * A connector's status.
     *
     * @param connector the connector's name
     * @return its status, when known
     */
    Optional<Status> connector(String connector);

    /**
     * A task's status.
     *
     * @param task the task
     * @return its status, when known
     */
    Optional<Status> task(ConnectorTaskId task);

    /**
     * The statuses of a connector's tasks.
     *
     * @param connector the connector's name
     * @return statuses by task, in task order
     */
    Map<ConnectorTaskId, Status> tasks(String connector);
}
