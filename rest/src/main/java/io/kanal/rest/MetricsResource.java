package io.kanal.rest;

import io.kanal.runtime.api.MetricsService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code GET /metrics}: Kanal's addition to Connect's API, the worker's metrics in Prometheus' text format
 * ({@link PrometheusText}).
 *
 * <p><b>Threading.</b> Stateless; called from any request thread.
 */
@Path("/metrics")
@Singleton
public final class MetricsResource {

    private final MetricsService metrics;

    @Inject
    MetricsResource(MetricsService metrics) {
        this.metrics = metrics;
    }

    /**
     * Every metric now.
     *
     * @return the exposition text (200)
     */
    @GET
    @Produces(PrometheusText.CONTENT_TYPE)
    public String scrape() {
        return PrometheusText.render(metrics.collect());
    }
}
