/**
 * Kafka Connect's REST API over Kanal's {@code io.kanal.runtime.api} services: {@link io.kanal.rest.RestServer} (Jetty
 * 12 with Jersey 3), the resources, JSON through Jackson and {@link io.kanal.rest.ErrorMapper}, which answers every
 * failure with Connect's {@code {"error_code", "message"}} body.
 */
package io.kanal.rest;
