/**
 * Standalone mode's stores: connector configs and target states in one JSON file, source offsets in {@code
 * offset.storage.file.filename}, both replaced atomically ({@link io.kanal.runtime.store.file.AtomicFile}); and the
 * parser of connector config files given on the command line.
 */
package io.kanal.runtime.store.file;
