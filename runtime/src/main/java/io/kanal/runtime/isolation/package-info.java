/**
 * How the runtime finds plugin classes from configured names. {@link io.kanal.runtime.isolation.BuiltinPlugins}
 * maps Apache Kafka Connect's built-in class names and aliases onto Kanal's implementations.
 */
package io.kanal.runtime.isolation;
