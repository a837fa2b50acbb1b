package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ConfigProvider;
import io.kanal.config.ConfigProviderException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvokedConfigProviderTest {

    private static final Duration BUDGET = Duration.ofMillis(300);

    private final CountDownLatch never = new CountDownLatch(1);
    private final ClassLoader pluginLoader = new ClassLoader(getClass().getClassLoader()) {};
    private final AtomicReference<ClassLoader> resolvedWith = new AtomicReference<>();
    private final AtomicReference<ClassLoader> closedWith = new AtomicReference<>();

    @AfterEach
    void release() {
        never.countDown();
    }

    private ConfigProvider answering() {
        return new ConfigProvider() {
            @Override
            public Map<String, String> resolve(String path, Set<String> keys) {
                resolvedWith.set(Thread.currentThread().getContextClassLoader());
                return Map.of("password", "s3cret");
            }

            @Override
            public void close() {
                closedWith.set(Thread.currentThread().getContextClassLoader());
            }
        };
    }

    private ConfigProvider hanging() {
        return (path, keys) -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // cancelled at the deadline: the thread is free again
                throw new IllegalStateException("interrupted", e);
            }
            return Map.of("password", "s3cret");
        };
    }

    @Test
    void callsRunWithThePluginsLoaderAsContextLoader() {
        InvokedConfigProvider provider =
                InvokedConfigProvider.create("com.example.Vault (vault.jar)", pluginLoader, BUDGET, this::answering);
        assertThat(provider.resolve("db", Set.of("password"))).containsEntry("password", "s3cret");
        provider.close();
        assertThat(resolvedWith.get()).isSameAs(pluginLoader);
        assertThat(closedWith.get()).isSameAs(pluginLoader);
    }

    @Test
    void aProviderThatDoesNotAnswerFailsTheResolutionAtItsDeadlineNamingProviderAndPath() {
        InvokedConfigProvider provider =
                InvokedConfigProvider.create("com.example.Vault (vault.jar)", pluginLoader, BUDGET, this::hanging);
        long start = System.nanoTime();
        assertThatThrownBy(() -> provider.resolve("secret/db", Set.of("password")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("com.example.Vault (vault.jar)")
                .hasMessageContaining("'secret/db'")
                .hasMessageContaining("no answer within 300 ms")
                .hasMessageNotContaining("s3cret");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        // The stuck provider holds its own thread only: the next call fails at its deadline too.
        assertThatThrownBy(() -> provider.resolve("secret/other", Set.of("password")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("'secret/other'");
    }

    @Test
    void aProviderWhoseConfigureHangsIsRefusedAtTheDeadline() {
        assertThatThrownBy(() ->
                        InvokedConfigProvider.create("com.example.Vault (vault.jar)", pluginLoader, BUDGET, () -> {
                            never.await();
                            return answering();
                        }))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("com.example.Vault (vault.jar) could not be created or configured");
    }

    @Test
    void whatTheProviderThrowsIsTheCause() {
        IllegalStateException broken = new IllegalStateException("vault sealed");
        InvokedConfigProvider provider = InvokedConfigProvider.create(
                "com.example.Vault (vault.jar)", pluginLoader, BUDGET, () -> (path, keys) -> {
                    throw broken;
                });
        assertThatThrownBy(() -> provider.resolve("db", Set.of("password")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("'db'")
                .hasCause(broken);
        provider.close();
    }
}
