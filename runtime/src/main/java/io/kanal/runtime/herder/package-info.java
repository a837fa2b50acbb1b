/**
 * The herder: the control plane of a worker. {@link io.kanal.runtime.herder.HerderStateMachine} decides what runs
 * where and answers REST commands; it is pure (no I/O, no clock reads, no plugin calls) and is owned by the single
 * {@code kanal-herder} thread that {@link io.kanal.runtime.herder.HerderLoop} runs. Everything the machine learns
 * arrives as a {@link io.kanal.runtime.herder.HerderEvent}; everything it wants done leaves as a {@link
 * io.kanal.runtime.herder.HerderCommand}, which the loop hands to {@link io.kanal.runtime.herder.HerderActions}.
 */
package io.kanal.runtime.herder;
