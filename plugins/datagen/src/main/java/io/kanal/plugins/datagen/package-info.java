/**
 * A seeded, deterministic data generator: {@link io.kanal.plugins.datagen.DatagenConnector} runs {@code tasks.max}
 * {@link io.kanal.plugins.datagen.DatagenTask}s, each producing its own sequence of records whose content depends
 * only on the seed, the task and the sequence number ({@link io.kanal.plugins.datagen.DatagenSchema}), so that tests
 * can find gaps and duplicates per task.
 */
package io.kanal.plugins.datagen;
