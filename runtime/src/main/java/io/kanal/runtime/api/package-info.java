/**
 * The services the REST API calls, free of HTTP types: {@link io.kanal.runtime.api.ConnectorService} and {@link
 * io.kanal.runtime.api.PluginService}, built over a {@link io.kanal.runtime.api.WorkerApi}. Results are plain records
 * whose component names, in snake case, are Connect's JSON field names; failures are {@link
 * io.kanal.runtime.api.ApiException}s carrying Connect's HTTP status code. The {@code rest} module depends on this
 * package only.
 */
package io.kanal.runtime.api;
