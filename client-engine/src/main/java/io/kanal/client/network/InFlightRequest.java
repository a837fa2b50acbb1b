package io.kanal.client.network;

import io.kanal.client.protocol.ApiKey;
import java.util.concurrent.CompletableFuture;

/**
 * A request submitted to the I/O thread, from submission until its response or failure. Owned by the I/O thread once
 * submitted; the future may be completed by that thread only.
 */
final class InFlightRequest {
    final ApiRequest request;
    final CompletableFuture<ApiResponse> future;
    final long deadlineMs;
    final long submittedNanos;
    short version = -1;
    int correlationId = -1;
    long sentNanos;

    InFlightRequest(ApiRequest request, CompletableFuture<ApiResponse> future, long deadlineMs, long submittedNanos) {
        this.request = request;
        this.future = future;
        this.deadlineMs = deadlineMs;
        this.submittedNanos = submittedNanos;
    }

    ApiKey api() {
        return request.api();
    }
}
