/**
 * The runtime side of the Apache Kafka Connect bridge. {@link io.kanal.runtime.isolation.connect.ConnectLayer} loads
 * the bridge layer ({@code kanal.connect.bridge.path}: the bridge's jar with Apache's {@code connect-api}, {@code
 * kafka-clients}, {@code connect-json} and {@code connect-transforms}) in a loader of its own that sees only the JDK,
 * Kanal's plugin API and config model, SLF4J and {@link io.kanal.runtime.isolation.spi}; it claims the {@code
 * plugin.path} locations that hold Connect plugins and gives each a {@link
 * io.kanal.runtime.isolation.PluginClassLoader} (child-first, with Apache's parent-first rules: {@link
 * io.kanal.runtime.isolation.connect.ConnectIsolationRule}) whose parent is the layer. Kanal's own classes never see the
 * layer's.
 */
package io.kanal.runtime.isolation.connect;
