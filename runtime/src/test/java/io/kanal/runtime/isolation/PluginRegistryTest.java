package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.convert.Converter;
import io.kanal.api.errors.DataException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry over real plugins compiled and packaged at test time ({@link PluginFixtures}). */
class PluginRegistryTest {

    private static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";

    @TempDir
    static Path root;

    private static PluginFixtures fixtures;
    private static PluginRegistry registry;
    private static ClassLoader contextLoaderBefore;
    private static ClassLoader contextLoaderAfter;

    @BeforeAll
    static void load() throws Exception {
        fixtures = PluginFixtures.build(root);
        contextLoaderBefore = Thread.currentThread().getContextClassLoader();
        registry = PluginRegistry.load(
                PluginPath.parse(fixtures.pluginPath),
                new PluginRegistry.Builtins(
                        List.of(TestBuiltinConverter.class.getName(), "io.kanal.runtime.NoSuchBuiltin"),
                        Map.of(STRING_CONVERTER, TestBuiltinConverter.class.getName()),
                        "4.4.0-kanal"));
        contextLoaderAfter = Thread.currentThread().getContextClassLoader();
    }

    @AfterAll
    static void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void everyLayoutOfThePluginPathLoadsInItsOwnLoader() {
        assertThat(locationOf("fixture.alpha.AlphaConverter")).isEqualTo(fixtures.plugins.resolve("alpha.jar"));
        assertThat(locationOf("fixture.beta.BetaConverter")).isEqualTo(fixtures.plugins.resolve("beta"));
        assertThat(locationOf("fixture.gamma.GammaTransformation")).isEqualTo(fixtures.plugins.resolve("gamma"));
        assertThat(locationOf("fixture.symlinked.LinkedConverter")).isEqualTo(fixtures.plugins.resolve("linked"));
        assertThat(locationOf("fixture.uber.UberSourceConnector")).isEqualTo(fixtures.standaloneJar);

        List<ClassLoader> loaders = registry.plugins().stream()
                .filter(p -> !p.builtin())
                .map(PluginDescriptor::loader)
                .distinct()
                .toList();
        assertThat(loaders).allSatisfy(l -> assertThat(l).isInstanceOf(PluginClassLoader.class));
        // alpha, beta, gamma, versioned-1, versioned-2, dup, broken, apicopy, linked, uber.jar: one loader each
        assertThat(loaders).hasSize(10);
        for (PluginDescriptor plugin : registry.plugins()) {
            assertThat(plugin.pluginClass().getClassLoader()).isSameAs(plugin.loader());
        }
    }

    @Test
    void discoveryRunsPluginCodeUnderThePluginsContextLoaderAndRestoresItsOwn() {
        // GammaTransformation's constructor throws unless its own loader is the context loader.
        assertThat(locationOf("fixture.gamma.GammaTransformation")).isEqualTo(fixtures.plugins.resolve("gamma"));
        assertThat(contextLoaderAfter).isSameAs(contextLoaderBefore);
    }

    @Test
    void aLocationReachedTwiceIsLoadedOnceAndUnreadableEntriesAreReported() {
        assertThat(registry.plugins().stream().filter(p -> p.className().equals("fixture.alpha.AlphaConverter")))
                .hasSize(1);
        assertThat(registry.failures())
                .filteredOn(f -> f.stage() == PluginLoadFailure.Stage.LOCATION)
                .extracting(PluginLoadFailure::location)
                .containsExactlyInAnyOrder(fixtures.plugins.resolve("empty"), fixtures.missing);
    }

    @Test
    void twoPluginsBundlingDifferentVersionsOfOneLibraryEachSeeTheirOwn() throws Exception {
        Converter alpha = newConverter("fixture.alpha.AlphaConverter");
        Converter beta = newConverter("fixture.beta.BetaConverter");

        assertThat(text(alpha)).isEqualTo("v1");
        assertThat(text(beta)).isEqualTo("v2");
        assertThat(fixture.lib.Greeting.text()).isEqualTo("parent");
        Class<?> alphaGreeting = alpha.getClass().getClassLoader().loadClass("fixture.lib.Greeting");
        Class<?> betaGreeting = beta.getClass().getClassLoader().loadClass("fixture.lib.Greeting");
        assertThat(alphaGreeting).isNotSameAs(betaGreeting).isNotSameAs(fixture.lib.Greeting.class);
        // A plugin that does not bundle the library reaches the runtime's copy.
        Class<?> gammaGreeting = loaderOf("fixture.gamma.GammaTransformation").loadClass("fixture.lib.Greeting");
        assertThat(gammaGreeting).isSameAs(fixture.lib.Greeting.class);
    }

    @Test
    void aPluginBundlingItsOwnCopyOfAnApiClassStillGetsTheRuntimes() throws Exception {
        ClassLoader loader = loaderOf("fixture.apicopy.ApiCopyConverter");
        assertThat(loader.loadClass("io.kanal.api.errors.DataException")).isSameAs(DataException.class);
        assertThat(loader.getResource("io/kanal/api/errors/DataException.class"))
                .isEqualTo(DataException.class.getClassLoader().getResource("io/kanal/api/errors/DataException.class"));
        Object thrown = registry.resolve(Set.of(PluginType.CONVERTER), "ApiCopy", null)
                .pluginClass()
                .getMethod("apiError")
                .invoke(null);
        assertThat(thrown).isInstanceOf(DataException.class);
        // A class in a shared package that only the plugin has still loads, from the plugin.
        assertThat(loader.loadClass("io.kanal.api.errors.PluginOnlyMarker").getClassLoader())
                .isSameAs(loader);
    }

    @Test
    void brokenPluginsAreReportedWithPathAndCauseWhileTheRestLoad() {
        Path broken = fixtures.plugins.resolve("broken.jar");
        List<PluginLoadFailure> failures = registry.failures().stream()
                .filter(f -> broken.equals(f.location()))
                .toList();

        assertThat(failures).hasSize(5).allSatisfy(f -> assertThat(f.describe()).startsWith(broken + ": "));
        assertThat(failures)
                .filteredOn(f -> f.stage() == PluginLoadFailure.Stage.CLASS)
                .extracting(f -> f.cause().getClass().getName())
                .containsExactlyInAnyOrder(
                        ServiceConfigurationError.class.getName(),
                        NoClassDefFoundError.class.getName(),
                        ServiceConfigurationError.class.getName());
        assertThat(failures).anySatisfy(f -> assertThat(f.describe())
                .contains("fixture.broken.Missing")
                .contains("not found"));
        assertThat(failures).anySatisfy(f -> assertThat(f.describe()).contains("fixture/broken/GoneBase"));
        assertThat(failures).anySatisfy(f -> assertThat(f.describe())
                .contains("fixture.broken.NotAConverter")
                .contains("not a subtype"));
        assertThat(failures).anySatisfy(f -> {
            assertThat(f.stage()).isEqualTo(PluginLoadFailure.Stage.INSTANCE);
            assertThat(f.className()).isEqualTo("fixture.broken.ExplodingConverter");
            assertThat(f.describe())
                    .contains(ExceptionInInitializerError.class.getName())
                    .contains("IllegalStateException: boom in static init");
        });
        assertThat(failures).anySatisfy(f -> {
            assertThat(f.stage()).isEqualTo(PluginLoadFailure.Stage.VERSION);
            assertThat(f.type()).isEqualTo(PluginType.SOURCE);
            assertThat(f.className()).isEqualTo("fixture.broken.VersionlessSource");
            assertThat(f.describe()).contains("no version today");
        });

        assertThat(locationOf("fixture.broken.GoodConverter")).isEqualTo(broken);
    }

    @Test
    void anUnknownNameFailsWithTheClosestExistingNames() {
        assertThatThrownBy(() -> registry.resolveConnector("VersionedSorce", null))
                .isInstanceOfSatisfying(UnknownPluginException.class, e -> {
                    assertThat(e.closestNames()).first().isEqualTo("VersionedSource");
                    assertThat(e.closestNames()).hasSizeLessThanOrEqualTo(3);
                    assertThat(e.getMessage()).contains("connector", "'VersionedSorce'", "VersionedSource");
                });
        assertThatThrownBy(() -> registry.resolve(Set.of(PluginType.CONVERTER), "fixture.alpha.AlphaConvertr", null))
                .isInstanceOfSatisfying(
                        UnknownPluginException.class,
                        e -> assertThat(e.closestNames()).first().isEqualTo("fixture.alpha.AlphaConverter"));
        // Suggestions are of the requested type only: no converter is offered for a connector.
        assertThatThrownBy(() -> registry.resolveConnector("AlphaConvertr", null))
                .isInstanceOfSatisfying(UnknownPluginException.class, e -> assertThat(e.closestNames())
                        .noneMatch(n -> n.contains("Alpha")));
    }

    @Test
    void aliasesAreTheSimpleNameAndTheNameWithoutItsTypeSuffix() {
        Set<PluginType> converters = Set.of(PluginType.CONVERTER);
        assertThat(registry.resolve(converters, "Alpha", null).className()).isEqualTo("fixture.alpha.AlphaConverter");
        assertThat(registry.resolve(converters, "AlphaConverter", null).className())
                .isEqualTo("fixture.alpha.AlphaConverter");
        assertThat(registry.resolveConnector("UberSource", null).className())
                .isEqualTo("fixture.uber.UberSourceConnector");
        assertThat(registry.resolve(Set.of(PluginType.TRANSFORMATION), "Gamma", null)
                        .className())
                .isEqualTo("fixture.gamma.GammaTransformation");
        assertThat(registry.aliasesOf("fixture.alpha.AlphaConverter")).containsExactly("Alpha", "AlphaConverter");
    }

    @Test
    void anAmbiguousAliasIsRefusedButTheFullNamesWork() {
        Set<PluginType> transforms = Set.of(PluginType.TRANSFORMATION);
        for (String alias : List.of("Dup", "DupTransformation")) {
            assertThatThrownBy(() -> registry.resolve(transforms, alias, null))
                    .isInstanceOfSatisfying(AmbiguousPluginAliasException.class, e -> assertThat(e.classNames())
                            .containsExactly("fixture.one.DupTransformation", "fixture.two.DupTransformation"));
        }
        assertThat(registry.aliases()).doesNotContainKeys("Dup", "DupTransformation");
        assertThat(registry.resolve(transforms, "fixture.two.DupTransformation", null)
                        .location())
                .isEqualTo(fixtures.plugins.resolve("dup"));
    }

    @Test
    void aPluginOfAnotherTypeIsATypeMismatch() {
        assertThatThrownBy(() -> registry.resolve(Set.of(PluginType.CONVERTER), "VersionedSource", null))
                .isInstanceOfSatisfying(PluginTypeMismatchException.class, e -> {
                    assertThat(e.className()).isEqualTo("fixture.versioned.VersionedSourceConnector");
                    assertThat(e.actualTypes()).containsExactly(PluginType.SOURCE);
                    assertThat(e.getMessage()).contains("is a source connector, not a converter");
                });
    }

    @Test
    void twoVersionsOfOneConnectorCoexistAndAreChosenByVersion() {
        String name = "fixture.versioned.VersionedSourceConnector";
        PluginDescriptor newest = registry.resolveConnector(name, null);
        PluginDescriptor old = registry.resolveConnector(name, "1.0.0");

        assertThat(newest.version()).hasToString("2.1.0");
        assertThat(newest.location()).isEqualTo(fixtures.plugins.resolve("versioned-2"));
        assertThat(old.location()).isEqualTo(fixtures.plugins.resolve("versioned-1"));
        assertThat(old.pluginClass()).isNotSameAs(newest.pluginClass());
        assertThat(registry.resolveConnector("VersionedSource", "latest")).isEqualTo(newest);
        assertThat(registry.resolveConnector(name, "[1.0,2.0)")).isEqualTo(old);
        assertThat(registry.resolveConnector(name, "[2.0,)")).isEqualTo(newest);
        assertThat(registry.resolveConnector(name, "(,2.1.0]")).isEqualTo(newest);
        assertThat(registry.resolveConnector(name, "1.0")).isEqualTo(old);

        assertThatThrownBy(() -> registry.resolveConnector(name, "2.0"))
                .isInstanceOfSatisfying(PluginVersionNotFoundException.class, e -> {
                    assertThat(e.availableVersions()).containsExactly("1.0.0", "2.1.0");
                    assertThat(e.requested()).isEqualTo("2.0");
                });
        assertThatThrownBy(() -> registry.resolveConnector(name, "[1.0"))
                .isInstanceOf(InvalidPluginVersionException.class);
    }

    @Test
    void withoutARequestedVersionTheConnectorsOwnCopyOfAConverterWins() {
        Set<PluginType> converters = Set.of(PluginType.CONVERTER);
        ClassLoader oldConnector =
                registry.resolveConnector("VersionedSource", "1.0.0").loader();

        assertThat(registry.resolve(converters, "Shared", null).version()).hasToString("2.1.0");
        assertThat(registry.resolve(converters, "Shared", null, oldConnector).version())
                .hasToString("1.0.0");
        assertThat(registry.resolve(converters, "Shared", "2.1.0", oldConnector).version())
                .hasToString("2.1.0");
    }

    @Test
    void builtinsAreOneMoreSourceAndAnswerToTheirExtraNames() {
        PluginDescriptor builtin = registry.resolve(Set.of(PluginType.CONVERTER), STRING_CONVERTER, null);

        assertThat(builtin.pluginClass()).isSameAs(TestBuiltinConverter.class);
        assertThat(builtin.builtin()).isTrue();
        assertThat(builtin.version()).hasToString("4.4.0-kanal"); // not Versioned: the runtime's version
        assertThat(registry.resolve(Set.of(PluginType.CONVERTER), "TestBuiltin", null))
                .isEqualTo(builtin);
        assertThat(registry.plugins(PluginType.CONVERTER)).contains(builtin);
        assertThat(registry.failures())
                .filteredOn(f -> f.location() == null)
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.className()).isEqualTo("io.kanal.runtime.NoSuchBuiltin");
                    assertThat(f.describe()).startsWith("(built-in): class failed");
                    assertThat(f.cause()).isInstanceOf(ClassNotFoundException.class);
                });
    }

    @Test
    void pluginLoadersAreParallelCapableAndDefineEachClassOnce() throws Exception {
        PluginLocation alpha = PluginPath.of(List.of(fixtures.plugins.resolve("alpha.jar")))
                .locations()
                .get(0);
        try (PluginClassLoader loader = new PluginClassLoader(
                alpha.path(), alpha.urls(), getClass().getClassLoader(), IsolationRule.forThisJvm())) {
            assertThat(loader.isRegisteredAsParallelCapable()).isTrue();
            int threads = 8;
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Class<?>>> loads = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    loads.add(pool.submit(() -> {
                        start.await();
                        return loader.loadClass("fixture.lib.Greeting");
                    }));
                }
                Class<?> first = loads.get(0).get();
                assertThat(first.getClassLoader()).isSameAs(loader);
                for (Future<Class<?>> load : loads) {
                    assertThat(load.get()).isSameAs(first);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aLocationWhoseDiscoveryBlocksIsAbandonedAtItsDeadlineWithTheStuckStackAndTheRestLoad() {
        try (PluginRegistry withStuck = PluginRegistry.load(
                PluginPath.parse(fixtures.stuckPath.toString()),
                PluginRegistry.Builtins.NONE,
                getClass().getClassLoader(),
                IsolationRule.forThisJvm(),
                Duration.ofMillis(300))) {
            assertThat(withStuck.failures()).singleElement().satisfies(f -> {
                assertThat(f.stage()).isEqualTo(PluginLoadFailure.Stage.DEADLINE);
                assertThat(f.location()).isEqualTo(fixtures.stuckPath.resolve("a-stuck.jar"));
                assertThat(f.cause()).isInstanceOf(TimeoutException.class);
                assertThat(f.cause().getStackTrace()).anySatisfy(frame -> assertThat(frame.getClassName())
                        .isEqualTo("fixture.stuck.StuckConverter"));
            });
            assertThat(withStuck.plugins()).singleElement().satisfies(p -> assertThat(p.className())
                    .isEqualTo("fixture.alpha.AlphaConverter"));
        }
        // The abandoned scan was interrupted; this plugin blocks interruptibly, so its thread ends.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().endsWith("a-stuck.jar")));
    }

    @Test
    void versionKeysAreConnects() {
        assertThat(PluginVersionKeys.CONNECTOR).isEqualTo("connector.plugin.version");
        assertThat(PluginVersionKeys.VALUE_CONVERTER).isEqualTo("value.converter.plugin.version");
        assertThat(PluginVersionKeys.transform("route")).isEqualTo("transforms.route.plugin.version");
        assertThat(PluginVersionKeys.predicate("isFoo")).isEqualTo("predicates.isFoo.plugin.version");
    }

    private static Path locationOf(String className) {
        return registry.plugins().stream()
                .filter(p -> p.className().equals(className))
                .findFirst()
                .orElseThrow(() -> new AssertionError(className + " not loaded; failures: " + registry.failures()))
                .location();
    }

    private static ClassLoader loaderOf(String className) {
        return registry.plugins().stream()
                .filter(p -> p.className().equals(className))
                .findFirst()
                .orElseThrow()
                .loader();
    }

    private static Converter newConverter(String className)
            throws InstantiationException, IllegalAccessException, InvocationTargetException, NoSuchMethodException {
        PluginDescriptor plugin = registry.resolve(Set.of(PluginType.CONVERTER), className, null);
        return plugin.pluginClass().asSubclass(Converter.class).getConstructor().newInstance();
    }

    private static String text(Converter converter) {
        return new String(converter.fromConnectData("t", null, null, null), StandardCharsets.UTF_8);
    }
}
