package io.kanal.runtime.membership.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * What a worker says about itself when it joins the group, as Connect's {@code ExtendedWorkerState}: where its REST
 * API is, how far it has read the config topic, and (cooperative protocols) the assignment it holds, so the leader
 * can move as little as possible.
 *
 * @param url the worker's advertised REST URL
 * @param configOffset the config topic offset this worker has read up to
 * @param allocation the assignment the worker holds; empty before its first assignment (Connect then writes null
 *     bytes). Not sent under the eager protocol.
 */
public record WorkerMetadata(String url, long configOffset, Optional<ConnectAssignment> allocation) {

    /** Checks that nothing is null. */
    public WorkerMetadata {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(allocation, "allocation");
    }

    /**
     * A worker that holds no assignment yet.
     *
     * @param url the worker's advertised REST URL
     * @param configOffset the config topic offset read
     * @return the metadata
     */
    public static WorkerMetadata withoutAllocation(String url, long configOffset) {
        return new WorkerMetadata(url, configOffset, Optional.empty());
    }
}
