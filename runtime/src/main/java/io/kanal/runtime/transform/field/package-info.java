/**
 * Field paths in transform configurations: Kafka Connect's {@code field.syntax.version} (KIP-821), plain top-level
 * names ({@code V1}) or dotted paths into nested structs and maps with backtick quoting ({@code V2}).
 */
package io.kanal.runtime.transform.field;
