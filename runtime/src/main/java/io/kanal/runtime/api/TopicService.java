package io.kanal.runtime.api;

import io.kanal.runtime.task.ActiveTopics;
import java.util.List;
import java.util.Objects;

/**
 * A connector's active topics (KIP-558) without HTTP: {@code GET /connectors/{c}/topics} and {@code PUT
 * /connectors/{c}/topics/reset}, as Connect answers them. As in Connect, a connector that does not exist simply has no
 * topics; the worker keys {@code topic.tracking.enable} and {@code topic.tracking.allow.reset} turn the endpoints off
 * (403).
 *
 * <p><b>Threading.</b> Stateless apart from its final field; safe from any thread, never blocks.
 */
public final class TopicService {

    private final WorkerApi worker;

    /**
     * Connect's {@code ActiveTopicsInfo}, shown as {@code {"<connector>":{"topics":[...]}}}.
     *
     * @param topics the topics, sorted
     */
    public record ActiveTopicsInfo(List<String> topics) {
        /**
         * Copies the topics.
         *
         * @param topics the topics
         */
        public ActiveTopicsInfo {
            topics = List.copyOf(topics);
        }
    }

    /**
     * Creates the service.
     *
     * @param worker the worker whose tasks record their topics
     */
    public TopicService(WorkerApi worker) {
        this.worker = Objects.requireNonNull(worker, "worker");
    }

    /**
     * The topics a connector's tasks used since it was created or its topics were last reset.
     *
     * @param name the connector's name
     * @return its topics
     * @throws ApiException 403 when topic tracking is off
     */
    public ActiveTopicsInfo topics(String name) {
        ActiveTopics tracker = worker.activeTopics();
        if (!tracker.enabled()) {
            throw new ApiException(ApiException.FORBIDDEN, "Topic tracking is disabled.");
        }
        return new ActiveTopicsInfo(List.copyOf(tracker.topics(name)));
    }

    /**
     * Forgets a connector's topics; its tasks record again the topics they use from now on.
     *
     * @param name the connector's name
     * @throws ApiException 403 when topic tracking or its reset is off
     */
    public void reset(String name) {
        ActiveTopics tracker = worker.activeTopics();
        if (!tracker.enabled()) {
            throw new ApiException(ApiException.FORBIDDEN, "Topic tracking is disabled.");
        }
        if (!tracker.resetAllowed()) {
            throw new ApiException(ApiException.FORBIDDEN, "Topic tracking reset is disabled.");
        }
        tracker.reset(name);
    }
}
