/**
 * One lifecycle contract for the worker's components: {@link io.kanal.runtime.lifecycle.Lifecycle} (the states
 * {@code STOPPED → STARTING → STARTED → STOPPING → STOPPED | FAILED}), {@link
 * io.kanal.runtime.lifecycle.AbstractLifecycle} (final {@code start()}/{@code stop()} around {@code doStart}/{@code
 * doStop} hooks) and {@link io.kanal.runtime.lifecycle.Container} (starts managed children in order, stops them in
 * reverse).
 */
package io.kanal.runtime.lifecycle;
