/**
 * Kanal's runtime: the built-in converters, transforms and predicates; plugin isolation and discovery; plugin calls
 * with deadlines; source and sink task pipelines with their errors policy; the herder and its stores. Plugins are found through {@code META-INF/services} manifests, hence
 * the {@code uses} clauses. The transforms' field paths and helpers are not exported.
 */
module io.kanal.runtime {
    requires transitive io.kanal.api;
    requires transitive io.kanal.config;
    requires transitive io.kanal.client;
    requires java.management;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;

    exports io.kanal.runtime.convert;
    exports io.kanal.runtime.herder;
    exports io.kanal.runtime.invoke;
    exports io.kanal.runtime.isolation;
    exports io.kanal.runtime.lifecycle;
    exports io.kanal.runtime.membership;
    exports io.kanal.runtime.store;
    exports io.kanal.runtime.store.file;
    exports io.kanal.runtime.transform;
    exports io.kanal.runtime.transform.predicate;
    exports io.kanal.runtime.task;
    exports io.kanal.runtime.worker;

    uses io.kanal.api.connector.SourceConnector;
    uses io.kanal.api.connector.SinkConnector;
    uses io.kanal.api.convert.Converter;
    uses io.kanal.api.convert.HeaderConverter;
    uses io.kanal.api.transform.Transformation;
    uses io.kanal.api.transform.Predicate;
    uses io.kanal.config.ConfigProvider;
}
