/**
 * The HTTP sink: {@link io.kanal.plugins.http.HttpSinkConnector} sends records to one endpoint with the JDK's
 * {@code HttpClient}, in batches ({@link io.kanal.plugins.http.BatchFormat}), with retries ({@link
 * io.kanal.plugins.http.RetryPolicy}, {@link io.kanal.plugins.http.RetryAfter}); see the module's README.
 */
package io.kanal.plugins.http;
