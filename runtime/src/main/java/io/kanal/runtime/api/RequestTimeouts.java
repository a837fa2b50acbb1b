package io.kanal.runtime.api;

import java.time.Instant;

/**
 * Connect's answer (3.7+) to a request that waited on the worker longer than the request timeout: 500 with {@code
 * Request timed out. The worker is currently <stage>, which began at <instant>.}, so the operator sees what the
 * worker was stuck on instead of a bare timeout.
 *
 * <p><b>Threading.</b> Static functions; no state.
 */
final class RequestTimeouts {

    private RequestTimeouts() {}

    /**
     * The 500 for a request that timed out while the worker was in a stage.
     *
     * @param stage what the worker was doing, in Connect's words (e.g. {@code performing multi-property validation for
     *     the connector})
     * @param began when that stage began
     * @return the error to throw
     */
    static ApiException timedOut(String stage, Instant began) {
        return new ApiException(
                ApiException.INTERNAL,
                "Request timed out. The worker is currently " + stage + ", which began at " + began + ".");
    }
}
