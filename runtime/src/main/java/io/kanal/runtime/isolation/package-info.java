/**
 * Plugin isolation and discovery. {@link io.kanal.runtime.isolation.PluginPath} reads {@code plugin.path}; each plugin
 * location gets a child-first {@link io.kanal.runtime.isolation.PluginClassLoader} governed by the one {@link
 * io.kanal.runtime.isolation.IsolationRule}; {@link io.kanal.runtime.isolation.PluginRegistry} discovers plugins from
 * {@code META-INF/services} manifests, keeps their versions, aliases and load failures, and resolves configured names
 * (KIP-891 versions included); {@link io.kanal.runtime.isolation.LoaderSwap} sets the context loader around plugin
 * calls. {@link io.kanal.runtime.isolation.BuiltinPlugins} maps Apache Kafka Connect's built-in class names and
 * aliases onto Kanal's implementations. Locations of a foreign plugin API are claimed by a {@link
 * io.kanal.runtime.isolation.ForeignPlugins} (the Apache Kafka Connect bridge, {@code isolation.connect}) and
 * discovered by {@code ForeignScanner} in the loader it gives; their {@link io.kanal.runtime.isolation.PluginDescriptor}s
 * carry the bridge's adapter ({@code isolation.spi}), through which every instance is created.
 */
package io.kanal.runtime.isolation;
