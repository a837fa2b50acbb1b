package io.kanal.rest;

import io.kanal.runtime.api.WorkerApi;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.worker.ConnectorValidator;
import io.kanal.runtime.worker.WorkerOffsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * A worker with no connectors whose herder answers every request with the reply the test gives it; tests that need
 * more (a view, counters) extend it.
 */
class StubWorker implements WorkerApi {

    private final CompletableFuture<HerderReply> reply;

    StubWorker(CompletableFuture<HerderReply> reply) {
        this.reply = reply;
    }

    /** A worker whose herder never answers. */
    static StubWorker silent() {
        return new StubWorker(new CompletableFuture<>());
    }

    @Override
    public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
        return reply;
    }

    @Override
    public HerderView view() {
        return new HerderView(1, "w", false, new TreeMap<>());
    }

    @Override
    public PluginRegistry registry() {
        throw new UnsupportedOperationException("not needed here");
    }

    @Override
    public ConnectorValidator.Outcome validate(String name, Map<String, String> config, Duration timeout) {
        throw new UnsupportedOperationException("not needed here");
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public ActiveTopics activeTopics() {
        throw new UnsupportedOperationException("not needed here");
    }

    @Override
    public WorkerOffsets offsets() {
        throw new UnsupportedOperationException("not needed here");
    }
}
