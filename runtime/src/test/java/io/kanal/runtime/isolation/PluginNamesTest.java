package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.connect.runtime.isolation.PluginDesc;
import org.apache.kafka.connect.runtime.isolation.PluginScanResult;
import org.apache.kafka.connect.runtime.isolation.PluginUtils;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginNamesTest {

    /**
     * Differential: over Apache Connect's own converters, transforms, predicates and config providers, our alias rule
     * gives exactly the aliases Connect's {@code PluginUtils.computeAliases} gives, collisions ({@code Key},
     * {@code Value}) dropped alike.
     */
    @Test
    void aliasesAreTheOnesConnectComputes() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        SortedSet<PluginDesc<Converter>> converters = new TreeSet<>();
        SortedSet<PluginDesc<HeaderConverter>> headerConverters = new TreeSet<>();
        SortedSet<PluginDesc<Transformation<?>>> transformations = new TreeSet<>();
        SortedSet<PluginDesc<Predicate<?>>> predicates = new TreeSet<>();
        SortedSet<PluginDesc<ConfigProvider>> providers = new TreeSet<>();
        List<PluginDescriptor> ours = new ArrayList<>();
        for (BuiltinPlugin builtin : BuiltinPlugins.all()) {
            Class<?> apache = Class.forName(builtin.connectClassName(), false, loader);
            for (PluginType kind : builtin.kinds()) {
                PluginType type = kind;
                ours.add(descriptor(apache, type));
                switch (type) {
                    case CONVERTER -> converters.add(desc(apache.asSubclass(Converter.class), "converter"));
                    case HEADER_CONVERTER ->
                        headerConverters.add(desc(apache.asSubclass(HeaderConverter.class), "header_converter"));
                    case TRANSFORMATION -> transformations.add(desc(transformation(apache), "transformation"));
                    case PREDICATE -> predicates.add(desc(predicate(apache), "predicate"));
                    default -> throw new AssertionError(type);
                }
            }
        }
        for (Class<? extends ConfigProvider> provider :
                List.of(FileConfigProvider.class, DirectoryConfigProvider.class, EnvVarConfigProvider.class)) {
            providers.add(desc(provider, "configprovider"));
            ours.add(descriptor(provider, PluginType.CONFIGPROVIDER));
        }
        PluginScanResult scan = new PluginScanResult(
                new TreeSet<>(),
                new TreeSet<>(),
                converters,
                headerConverters,
                transformations,
                predicates,
                providers,
                new TreeSet<>(),
                new TreeSet<>());

        Map<String, String> connects = new TreeMap<>(PluginUtils.computeAliases(scan));

        assertThat(new TreeMap<>(new PluginNames(ours, Map.of()).aliases())).isEqualTo(connects);
        assertThat(connects)
                .containsEntry("File", FileConfigProvider.class.getName())
                .containsEntry("Json", "org.apache.kafka.connect.json.JsonConverter")
                .doesNotContainKeys("Key", "Value");
    }

    @ParameterizedTest
    @CsvSource({"kitten,sitting,3", "'',abc,3", "abc,'',3", "same,same,0", "flaw,lawn,2", "ab,ba,2"})
    void editDistanceIsLevenshteins(String a, String b, int distance) {
        assertThat(PluginNames.distance(a, b)).isEqualTo(distance);
        assertThat(PluginNames.distance(b, a)).isEqualTo(distance);
    }

    @Test
    void closestNamesAreNearestFirstCaseInsensitiveTiesByName() {
        List<String> names = List.of("FileStreamSource", "FileStreamSink", "Datagen", "filestreamsource", "Json");
        assertThat(PluginNames.closest("FileStreamSorce", names, 3))
                .containsExactly("FileStreamSource", "filestreamsource", "FileStreamSink");
        assertThat(PluginNames.closest("x", List.of(), 3)).isEmpty();
    }

    private static PluginDescriptor descriptor(Class<?> pluginClass, PluginType type) {
        return new PluginDescriptor(
                pluginClass.getName(),
                type,
                PluginVersion.of("4.4.0"),
                pluginClass,
                pluginClass.getClassLoader(),
                null);
    }

    private static <T> PluginDesc<T> desc(Class<? extends T> pluginClass, String type) {
        return new PluginDesc<>(
                pluginClass,
                "4.4.0",
                org.apache.kafka.connect.runtime.isolation.PluginType.valueOf(type.toUpperCase(Locale.ROOT)),
                pluginClass.getClassLoader());
    }

    // Connect's PluginDesc wants Class<? extends Transformation<?>>, which Class.asSubclass cannot express.
    @SuppressWarnings("unchecked")
    private static Class<? extends Transformation<?>> transformation(Class<?> type) {
        return (Class<? extends Transformation<?>>) type.asSubclass(Transformation.class);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Predicate<?>> predicate(Class<?> type) {
        return (Class<? extends Predicate<?>>) type.asSubclass(Predicate.class);
    }
}
