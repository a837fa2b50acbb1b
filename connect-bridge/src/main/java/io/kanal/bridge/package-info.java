/**
 * The Connect bridge: runs Apache Kafka Connect plugins in Kanal. Loaded by the runtime in its own class loader (the
 * layer), with Apache's connect-api, connect-json, connect-transforms and kafka-clients beside it; it sees of Kanal
 * only the plugin API, the config model and the runtime's isolation SPI.
 */
package io.kanal.bridge;
