package io.kanal.runtime.worker;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.StatusError;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.StageError;
import io.kanal.runtime.task.TaskRunner;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tells the herder what a task runner of the {@link Worker} reports: that it runs (and whether it writes in
 * transactions), or that it failed, once it is stopped and its clients closed, after leaving the worker's task map.
 *
 * <p><b>Threading.</b> Called on the task's thread; the map is the worker's concurrent one.
 */
final class TaskListener implements TaskRunner.Listener {

    private final ConnectorTaskId id;
    private final TaskHandle handle;
    private final Map<ConnectorTaskId, TaskHandle> tasks;
    private final Consumer<HerderEvent> events;
    private final boolean transactionalSources;

    /**
     * @param id the task
     * @param handle its handle in the worker
     * @param tasks the worker's task map, which a failed task leaves
     * @param events where the events go
     * @param transactionalSources whether the worker's source tasks write in transactions
     */
    TaskListener(
            ConnectorTaskId id,
            TaskHandle handle,
            Map<ConnectorTaskId, TaskHandle> tasks,
            Consumer<HerderEvent> events,
            boolean transactionalSources) {
        this.id = id;
        this.handle = handle;
        this.tasks = tasks;
        this.events = events;
        this.transactionalSources = transactionalSources;
    }

    @Override
    public void running(Owner owner) {
        TaskRunner runner = handle.runner();
        boolean transactional = transactionalSources && runner != null && !runner.sink();
        events.accept(new HerderEvent.TaskStarted(id, handle.generation(), transactional));
    }

    /** Called once the task is stopped and its clients closed: the failed generation is gone. */
    @Override
    public void failed(Owner owner, StageError error) {
        tasks.remove(id, handle);
        events.accept(new HerderEvent.TaskFailed(id, handle.generation(), StatusError.from(error)));
    }
}
