package io.kanal.runtime.isolation.spi;

/**
 * What a bridged connector tells the runtime besides the Kanal {@code Connector} contract. Its {@code taskClass()} is
 * the bridge's adapter class, but the task configs the runtime stores must name the foreign connector's own task class
 * (Connect's config topic holds {@code task.class=org.apache.kafka.connect.file.FileStreamSourceTask}), so that an
 * Apache worker reads them unchanged; the runtime loads that class from the connector's plugin loader and creates the
 * task through {@link ForeignPluginAdapter#adapt}.
 *
 * <p>Called on the connector's thread, through the invoker, like every connector method.
 */
public interface ForeignConnector {

    /**
     * The foreign task class of the wrapped connector (its {@code taskClass()}).
     *
     * @return the class, loaded by the connector's plugin loader
     */
    Class<?> foreignTaskClass();
}
