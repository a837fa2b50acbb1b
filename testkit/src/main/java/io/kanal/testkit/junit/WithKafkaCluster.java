package io.kanal.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a real Kafka cluster, injected as a {@link io.kanal.testkit.KafkaCluster} parameter of the test
 * class's constructor, its lifecycle methods or its test methods.
 *
 * <p>On a class: one cluster for the whole class (nested classes included), started when first injected and closed
 * after the class. This is the default because broker start-ups dominate a suite's time: share a cluster, and use
 * distinct topic and group names per test. On a test method: a fresh cluster for that method only, closed after it,
 * for tests that break the cluster or need other settings.
 *
 * <pre>{@code
 * @WithKafkaCluster(nodes = 3)
 * class FailoverIT {
 *     @Test
 *     void survivesLeaderLoss(KafkaCluster cluster) { ... }
 *
 *     @Test
 *     @WithKafkaCluster(brokerConfig = "auto.create.topics.enable=false")
 *     void needsItsOwnCluster(KafkaCluster cluster) { ... }
 * }
 * }</pre>
 *
 * <p>{@code scope = Scope.SUITE} shares one cluster among all classes of the test run that ask for the same shape,
 * so a module with many integration test classes starts its brokers once.
 *
 * <p>When a test fails, the last lines of every node's log are printed to standard error.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(KafkaClusterExtension.class)
public @interface WithKafkaCluster {
    /**
     * The number of combined broker+controller nodes.
     *
     * @return 1 by default; 3 for fault tests
     */
    int nodes() default 1;

    /**
     * Broker properties for every node, each as {@code key=value}, over the testkit's defaults.
     *
     * @return the properties
     */
    String[] brokerConfig() default {};

    /**
     * Who shares the cluster.
     *
     * @return {@link Scope#CLASS} by default
     */
    Scope scope() default Scope.CLASS;

    /** Who shares a cluster. */
    enum Scope {
        /**
         * The annotated class (with its nested classes) or, on a method, that method alone. The default: a test that
         * stops or kills nodes breaks the cluster for nobody else.
         */
        CLASS,
        /**
         * Every class and method of the test run (one JVM) that asks for a SUITE cluster with the same nodes and
         * broker config; closed when the run ends. The cheapest choice for tests that only produce and consume: use
         * unique topic and group names, and never stop, kill or reconfigure nodes of a suite cluster.
         */
        SUITE
    }
}
