package io.kanal.api.connector;

/**
 * A plugin that reports its own version, shown by {@code GET /connector-plugins} and in connector statuses. Kafka
 * Connect's {@code Versioned}. Connectors and tasks always are; converters, transforms and predicates may be.
 */
public interface Versioned {

    /**
     * The plugin's version, such as {@code 1.4.2}. Called on any runtime thread; must be cheap and must not fail.
     *
     * @return the version
     */
    String version();
}
