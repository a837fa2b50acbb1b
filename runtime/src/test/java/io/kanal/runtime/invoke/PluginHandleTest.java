package io.kanal.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PluginHandleTest {

    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final AtomicReference<ClassLoader> CONSTRUCTED_WITH = new AtomicReference<>();

    private final PluginInvoker invoker =
            PluginInvoker.builder().nanoTime(new FakeNanos()).build();
    private final Owner owner = Owner.task("orders", 2);
    private final ClassLoader loader = new ClassLoader("plugin-c", getClass().getClassLoader()) {};

    /** A plugin as the isolation layer would load it: public, public no-argument constructor. */
    public static final class Greeter {
        public Greeter() {
            CONSTRUCTED_WITH.set(Thread.currentThread().getContextClassLoader());
        }

        public String greet(String name) {
            return "hello " + name + " from "
                    + Thread.currentThread().getContextClassLoader().getName();
        }

        @Override
        public String toString() {
            throw new IllegalStateException("plugin code must not run from the runtime's toString");
        }
    }

    /** A plugin whose constructor fails. */
    public static final class Broken {
        public Broken() throws IOException {
            throw new IOException("cannot read license file");
        }
    }

    /** A plugin whose static initialiser fails. */
    public static final class BadStatic {
        static final int VALUE = Integer.parseInt("not a number");

        public BadStatic() {}
    }

    @Test
    void instantiatesInThePluginLoaderAndCallsThroughTheHandle() {
        Plugin<Greeter> greeter =
                invoker.instantiate(owner, loader, Greeter.class, BUDGET).valueOrThrow();
        assertThat(CONSTRUCTED_WITH.get()).isSameAs(loader);
        assertThat(greeter.owner()).isEqualTo(owner);
        assertThat(greeter.loader()).isSameAs(loader);
        assertThat(greeter.pluginClass()).isEqualTo(Greeter.class);
        assertThat(greeter).hasToString("orders-2:" + Greeter.class.getName());

        CallOutcome<String> outcome = invoker.call(greeter, Stage.POLL, BUDGET, g -> g.greet("bob"));
        assertThat(outcome.valueOrThrow()).isEqualTo("hello bob from plugin-c");
        assertThat(outcome.call().owner()).isEqualTo(owner);
    }

    @Test
    void aFailingConstructorIsTheFailureNotTheReflectionWrapper() {
        CallOutcome<Plugin<Broken>> outcome = invoker.instantiate(owner, loader, Broken.class, BUDGET);
        assertThat(outcome).isInstanceOf(CallOutcome.Failed.class);
        assertThat(((CallOutcome.Failed<Plugin<Broken>>) outcome).error())
                .isInstanceOf(IOException.class)
                .hasMessage("cannot read license file");
        assertThat(outcome.stage()).isEqualTo(Stage.INSTANTIATE);
    }

    @Test
    void aFailingStaticInitialiserIsAFailedOutcome() {
        CallOutcome<Plugin<BadStatic>> outcome = invoker.instantiate(owner, loader, BadStatic.class, BUDGET);
        assertThat(outcome).isInstanceOf(CallOutcome.Failed.class);
        assertThat(((CallOutcome.Failed<Plugin<BadStatic>>) outcome).error())
                .isInstanceOf(ExceptionInInitializerError.class)
                .hasCauseInstanceOf(NumberFormatException.class);
    }

    @Test
    void aClassWithoutPublicConstructorFailsToInstantiate() {
        CallOutcome<Plugin<PluginHandleTest>> outcome =
                invoker.instantiate(owner, loader, PluginHandleTest.class, BUDGET);
        assertThat(((CallOutcome.Failed<Plugin<PluginHandleTest>>) outcome).error())
                .isInstanceOf(NoSuchMethodException.class);
    }

    @Test
    void aHandleNeedsAnOwnerAndALoader() {
        assertThatThrownBy(() -> Plugin.of(owner, "a JDK string")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Plugin.of(null, new Greeter(), loader)).isInstanceOf(IllegalArgumentException.class);
    }
}
