/**
 * The service interfaces a foreign-plugin bridge implements and the runtime calls: the one runtime package a bridge
 * layer (the Connect bridge in {@code libs/connect-bridge}) sees. It depends on the plugin API only, so that a bridge
 * compiled against it needs nothing else of the runtime. {@link io.kanal.runtime.isolation.spi.ForeignPluginAdapter}
 * turns a foreign plugin class into Kanal plugin instances; {@link io.kanal.runtime.isolation.spi.ForeignConnector} is
 * what a bridged connector tells the runtime beyond the Kanal {@code Connector} contract.
 */
package io.kanal.runtime.isolation.spi;
