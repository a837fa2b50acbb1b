/**
 * Where the herder's state lives: connector configs and target states ({@link io.kanal.runtime.store.ConfigStore}),
 * source offsets ({@link io.kanal.runtime.store.OffsetStore}) and statuses ({@link
 * io.kanal.runtime.store.StatusStore}). Standalone mode keeps them in files ({@code .file}) and memory; distributed
 * mode will keep them in Connect's three internal topics with the same record kinds.
 */
package io.kanal.runtime.store;
