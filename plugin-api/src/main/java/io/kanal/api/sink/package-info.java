/**
 * Sink tasks: {@link io.kanal.api.sink.SinkTask}, the records they receive, their context (rewind, pause, request a
 * commit) and the errant record reporter.
 */
package io.kanal.api.sink;
