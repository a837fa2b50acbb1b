/**
 * Source tasks: {@link io.kanal.api.source.SourceTask}, the records they produce with their source partitions and
 * offsets, the offset reader and the exactly-once (KIP-618) hooks.
 */
package io.kanal.api.source;
