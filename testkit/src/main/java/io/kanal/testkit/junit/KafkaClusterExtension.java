package io.kanal.testkit.junit;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.KafkaClusterBuilder;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link WithKafkaCluster}: resolves {@link KafkaCluster} parameters, owns the clusters'
 * lifecycle through JUnit's extension stores (a cluster is {@link AutoCloseable}, so JUnit closes it with the store
 * of the class or method it belongs to), and prints node logs when a test fails.
 *
 * <p>Stateless: all state lives in the stores, so one instance may serve many classes, in parallel too.
 */
public final class KafkaClusterExtension
        implements ParameterResolver, AfterTestExecutionCallback, LifecycleMethodExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);
    private static final String CLUSTER_KEY = "cluster";
    private static final int TAIL_LINES = 50;

    /** Creates the extension; JUnit does this through {@link WithKafkaCluster}. */
    public KafkaClusterExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ExtensionContext owner = owningContext(extensionContext)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "a KafkaCluster parameter needs @WithKafkaCluster on the test class or method"));
        Slot slot = slot(owner);
        return slot.context()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(slot.key(), key -> slot.builder().build().start(), KafkaCluster.class);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        context.getExecutionException().ifPresent(failure -> printLogTails(context, "test failed: " + failure));
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogTails(context, "@BeforeAll failed: " + throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogTails(context, "@BeforeEach failed: " + throwable);
        throw throwable;
    }

    /**
     * Translates an annotation into a cluster description.
     *
     * @param annotation the annotation
     * @param name the cluster's name
     * @return a builder for the cluster
     * @throws ExtensionConfigurationException when a {@code brokerConfig} entry is not {@code key=value}
     */
    static KafkaClusterBuilder builder(WithKafkaCluster annotation, String name) {
        KafkaClusterBuilder builder = KafkaCluster.builder().name(name).nodes(annotation.nodes());
        for (String entry : annotation.brokerConfig()) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new ExtensionConfigurationException(
                        "@WithKafkaCluster brokerConfig entries must be key=value: '" + entry + "'");
            }
            builder.brokerConfig(
                    entry.substring(0, equals).trim(),
                    entry.substring(equals + 1).trim());
        }
        return builder;
    }

    /**
     * A cluster name from the test class (and method, for a per-method cluster), fit for a directory name.
     *
     * @param context the context that owns the cluster
     * @return the name
     */
    static String clusterName(ExtensionContext context) {
        String className = context.getRequiredTestClass().getName();
        String simple = className.substring(className.lastIndexOf('.') + 1).replace('$', '-');
        String name =
                context.getTestMethod().map(m -> simple + "-" + m.getName()).orElse(simple);
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The nearest context, from this one outwards, whose element carries {@link WithKafkaCluster}. */
    private static Optional<ExtensionContext> owningContext(ExtensionContext context) {
        for (ExtensionContext current = context;
                current != null;
                current = current.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = current.getElement();
            if (element.isPresent() && annotation(element.get()).isPresent()) {
                return Optional.of(current);
            }
        }
        return Optional.empty();
    }

    /**
     * Where the cluster that an annotated context asks for lives: the store of that context for CLASS and METHOD
     * scope, the root store for SUITE scope. Store lookups fall through to enclosing contexts, so each owner gets its
     * own key: a method's fresh cluster must not resolve to its class's shared one.
     */
    private static Slot slot(ExtensionContext owner) {
        WithKafkaCluster annotation =
                annotation(owner.getElement().orElseThrow()).orElseThrow();
        if (annotation.scope() == WithKafkaCluster.Scope.SUITE) {
            KafkaClusterBuilder builder = builder(annotation, "suite");
            String shape = builder.toSpec().nodes() + "n"
                    + new TreeMap<>(builder.toSpec().brokerConfig());
            String name = "suite-" + annotation.nodes() + "n-" + HexFormat.of().toHexDigits(shape.hashCode());
            return new Slot(owner.getRoot(), CLUSTER_KEY + ":suite:" + shape, builder.name(name));
        }
        return new Slot(owner, CLUSTER_KEY + ":" + owner.getUniqueId(), builder(annotation, clusterName(owner)));
    }

    /** A cluster's place in a store, and how to create it. */
    private record Slot(ExtensionContext context, String key, KafkaClusterBuilder builder) {}

    private static Optional<WithKafkaCluster> annotation(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, WithKafkaCluster.class);
    }

    /** The started clusters visible from {@code context}: its own, then those of enclosing contexts. */
    private static List<KafkaCluster> visibleClusters(ExtensionContext context) {
        List<KafkaCluster> clusters = new ArrayList<>();
        for (ExtensionContext current = context;
                current != null;
                current = current.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = current.getElement();
            if (element.isEmpty() || annotation(element.get()).isEmpty()) {
                continue;
            }
            Slot slot = slot(current);
            KafkaCluster cluster = slot.context().getStore(NAMESPACE).get(slot.key(), KafkaCluster.class);
            if (cluster != null && !clusters.contains(cluster)) {
                clusters.add(cluster);
            }
        }
        return clusters;
    }

    /**
     * Prints to standard error rather than through a logger on purpose: the excerpt must reach the test report
     * whatever logging binding (or none) the test classpath has.
     */
    private static void printLogTails(ExtensionContext context, String reason) {
        for (KafkaCluster cluster : visibleClusters(context)) {
            System.err.println("===== " + context.getDisplayName() + " — " + reason);
            System.err.println("===== last " + TAIL_LINES + " log lines of each node of " + cluster + ":");
            System.err.print(cluster.logTails(TAIL_LINES));
        }
    }
}
