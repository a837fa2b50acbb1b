/**
 * Kanal's Kafka 4.x client engine. Exported: the clients (producer, consumer, admin, classic group membership), their
 * shared resources, values, errors, configuration, the OAUTHBEARER token source, serialization and the record format. The protocol messages, the
 * network layer, the clients' internals and the classic consumer protocol codec are not exported. The compression
 * libraries are optional: a batch that needs a missing one fails with an error naming the artifact.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.kanal.client {
    requires transitive io.kanal.config;
    requires transitive com.codahale.metrics;
    requires org.slf4j;
    requires static snappy.java;
    requires static org.lz4.java;
    requires static com.github.luben.zstd_jni;

    exports io.kanal.client;
    exports io.kanal.client.errors;
    exports io.kanal.client.common;
    exports io.kanal.client.config;
    exports io.kanal.client.serialization;
    exports io.kanal.client.record;
    exports io.kanal.client.cluster;
    exports io.kanal.client.resource;
    exports io.kanal.client.producer;
    exports io.kanal.client.consumer;
    exports io.kanal.client.admin;
    exports io.kanal.client.group;
    exports io.kanal.client.security;
}
