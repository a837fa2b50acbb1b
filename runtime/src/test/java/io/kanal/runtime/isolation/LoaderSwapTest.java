package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoaderSwapTest {

    private final ClassLoader original = Thread.currentThread().getContextClassLoader();
    private final ClassLoader plugin = new URLClassLoader("plugin", new URL[0], original);
    private final ClassLoader other = new URLClassLoader("other", new URL[0], original);

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(original);
    }

    @Test
    @SuppressWarnings("try")
    void swapsForTheBlockAndRestoresAfterIt() {
        try (LoaderSwap swap = LoaderSwap.to(plugin)) {
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(plugin);
            assertThat(swap.previous()).isSameAs(original);
        }
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(original);
    }

    @Test
    @SuppressWarnings("try")
    void restoresWhenTheBlockThrows() {
        assertThatThrownBy(() -> {
                    try (LoaderSwap swap = LoaderSwap.to(plugin)) {
                        throw new IllegalStateException("plugin failed");
                    }
                })
                .hasMessage("plugin failed");
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(original);
    }

    @Test
    @SuppressWarnings("try")
    void restoresWhenThePluginLeakedItsOwnContextLoader() {
        try (LoaderSwap swap = LoaderSwap.to(plugin)) {
            Thread.currentThread().setContextClassLoader(other);
        }
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(original);
    }

    @Test
    @SuppressWarnings("try")
    void nestedSwapsUnwindInOrder() {
        try (LoaderSwap outer = LoaderSwap.to(plugin)) {
            try (LoaderSwap inner = LoaderSwap.to(other)) {
                assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(other);
            }
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(plugin);
        }
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(original);
    }

    @Test
    void closingOnAnotherThreadIsRefusedAndLeavesThatThreadAlone() throws InterruptedException {
        AtomicReference<Throwable> refused = new AtomicReference<>();
        AtomicReference<ClassLoader> after = new AtomicReference<>();
        LoaderSwap swap = LoaderSwap.to(plugin);
        try {
            Thread elsewhere = new Thread(() -> {
                try {
                    swap.close();
                } catch (IllegalStateException e) {
                    refused.set(e);
                }
                after.set(Thread.currentThread().getContextClassLoader());
            });
            elsewhere.setContextClassLoader(other);
            elsewhere.start();
            elsewhere.join();
        } finally {
            swap.close();
        }
        assertThat(refused.get()).isInstanceOf(IllegalStateException.class);
        assertThat(after.get()).isSameAs(other);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(original);
    }
}
