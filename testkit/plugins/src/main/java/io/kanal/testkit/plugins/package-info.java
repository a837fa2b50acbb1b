/**
 * The plugin conformance suite: abstract JUnit 5 tests ({@link io.kanal.testkit.plugins.SourceConnectorConformance},
 * {@link io.kanal.testkit.plugins.SinkConnectorConformance}) that a plugin module subclasses once per connector, in
 * test scope. They drive the connector and its tasks as the runtime does (one thread per task, bounded calls,
 * offsets that come back from a store, the runtime's own converters) and check what every plugin owes its users:
 * a documented config spec, validation that names the offending keys, a restartable lifecycle, a prompt stop,
 * offsets that survive a restart, records the converters accept, and no thread left behind.
 */
package io.kanal.testkit.plugins;
