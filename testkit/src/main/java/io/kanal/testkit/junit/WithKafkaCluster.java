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
}
