package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.transform.Transformation;
import io.kanal.config.InvalidConfigValueException;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.connect.runtime.isolation.PluginDesc;
import org.apache.kafka.connect.runtime.isolation.PluginScanResult;
import org.apache.kafka.connect.runtime.isolation.PluginUtils;
import org.junit.jupiter.api.Test;

class BuiltinPluginsTest {

    private static final String KEY = "transforms.x.type";

    @Test
    void connectAliasesAreTheOnesConnectComputesForItsBuiltins() throws Exception {
        SortedSet<PluginDesc<org.apache.kafka.connect.storage.Converter>> converters = new TreeSet<>();
        SortedSet<PluginDesc<org.apache.kafka.connect.storage.HeaderConverter>> headerConverters = new TreeSet<>();
        SortedSet<PluginDesc<org.apache.kafka.connect.transforms.Transformation<?>>> transformations = new TreeSet<>();
        SortedSet<PluginDesc<org.apache.kafka.connect.transforms.predicates.Predicate<?>>> predicates = new TreeSet<>();
        ClassLoader loader = getClass().getClassLoader();
        for (BuiltinPlugin plugin : BuiltinPlugins.all()) {
            Class<?> apache = Class.forName(plugin.connectClassName(), false, loader);
            for (PluginType kind : plugin.kinds()) {
                switch (kind) {
                    case CONVERTER ->
                        converters.add(new PluginDesc<>(
                                apache.asSubclass(org.apache.kafka.connect.storage.Converter.class),
                                "4.4.0",
                                org.apache.kafka.connect.runtime.isolation.PluginType.CONVERTER,
                                loader));
                    case HEADER_CONVERTER ->
                        headerConverters.add(new PluginDesc<>(
                                apache.asSubclass(org.apache.kafka.connect.storage.HeaderConverter.class),
                                "4.4.0",
                                org.apache.kafka.connect.runtime.isolation.PluginType.HEADER_CONVERTER,
                                loader));
                    case TRANSFORMATION ->
                        transformations.add(new PluginDesc<>(
                                transformation(apache),
                                "4.4.0",
                                org.apache.kafka.connect.runtime.isolation.PluginType.TRANSFORMATION,
                                loader));
                    case PREDICATE ->
                        predicates.add(new PluginDesc<>(
                                predicate(apache),
                                "4.4.0",
                                org.apache.kafka.connect.runtime.isolation.PluginType.PREDICATE,
                                loader));
                }
            }
        }
        PluginScanResult scan = new PluginScanResult(
                new TreeSet<>(),
                new TreeSet<>(),
                converters,
                headerConverters,
                transformations,
                predicates,
                new TreeSet<>(),
                new TreeSet<>(),
                new TreeSet<>());

        Map<String, String> connects = new TreeMap<>(PluginUtils.computeAliases(scan));

        assertThat(BuiltinPlugins.connectAliases()).isEqualTo(connects);
        assertThat(connects)
                .containsEntry("Json", "org.apache.kafka.connect.json.JsonConverter")
                .containsEntry("Simple", "org.apache.kafka.connect.storage.SimpleHeaderConverter")
                .containsEntry("RegexRouter", "org.apache.kafka.connect.transforms.RegexRouter")
                .doesNotContainKey("Value");
    }

    // Connect's PluginDesc wants Class<? extends Transformation<?>>, which Class.asSubclass cannot express.
    @SuppressWarnings("unchecked")
    private static Class<? extends org.apache.kafka.connect.transforms.Transformation<?>> transformation(
            Class<?> type) {
        return (Class<? extends org.apache.kafka.connect.transforms.Transformation<?>>)
                type.asSubclass(org.apache.kafka.connect.transforms.Transformation.class);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends org.apache.kafka.connect.transforms.predicates.Predicate<?>> predicate(
            Class<?> type) {
        return (Class<? extends org.apache.kafka.connect.transforms.predicates.Predicate<?>>)
                type.asSubclass(org.apache.kafka.connect.transforms.predicates.Predicate.class);
    }

    @Test
    void everySpellingOfABuiltinResolvesToKanalsClass() {
        String kanal = "io.kanal.runtime.transform.InsertField$Value";
        for (String name : new String[] {
            "org.apache.kafka.connect.transforms.InsertField$Value",
            " org.apache.kafka.connect.transforms.InsertField$Value ",
            "InsertField$Value",
            kanal
        }) {
            assertThat(BuiltinPlugins.resolve(KEY, name, PluginType.TRANSFORMATION))
                    .as(name)
                    .isEqualTo(kanal);
        }
        assertThat(BuiltinPlugins.resolve("value.converter", "Json", PluginType.CONVERTER))
                .isEqualTo("io.kanal.runtime.convert.JsonConverter");
        assertThat(BuiltinPlugins.resolve("value.converter", "JsonConverter", PluginType.CONVERTER))
                .isEqualTo("io.kanal.runtime.convert.JsonConverter");
        assertThat(BuiltinPlugins.resolve(
                        "header.converter", "org.apache.kafka.connect.json.JsonConverter", PluginType.HEADER_CONVERTER))
                .isEqualTo("io.kanal.runtime.convert.JsonConverter");
        assertThat(BuiltinPlugins.resolve("header.converter", "Simple", PluginType.HEADER_CONVERTER))
                .isEqualTo("io.kanal.runtime.convert.SimpleHeaderConverter");
        assertThat(BuiltinPlugins.resolve("predicates.p.type", "TopicNameMatches", PluginType.PREDICATE))
                .isEqualTo("io.kanal.runtime.transform.predicate.TopicNameMatches");
        assertThat(BuiltinPlugins.resolve(KEY, "org.apache.kafka.connect.transforms.Filter", PluginType.TRANSFORMATION))
                .isEqualTo("io.kanal.runtime.transform.Filter");
    }

    @Test
    void aClassNameThatIsNotBuiltInIsLeftForThePluginLoader() {
        assertThat(BuiltinPlugins.resolve(KEY, " com.acme.MyTransform ", PluginType.TRANSFORMATION))
                .isEqualTo("com.acme.MyTransform");
        assertThat(BuiltinPlugins.find("com.acme.MyTransform")).isEmpty();
    }

    @Test
    void aBuiltinOfAnotherKindIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> BuiltinPlugins.resolve("value.converter", "Simple", PluginType.CONVERTER))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("'value.converter'")
                .hasMessageContaining("must name a converter")
                .hasMessageContaining("org.apache.kafka.connect.storage.SimpleHeaderConverter is a header converter");
        assertThatThrownBy(() -> BuiltinPlugins.resolve(KEY, "TopicNameMatches", PluginType.TRANSFORMATION))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("is a predicate");
    }

    @Test
    void anUnknownShortNameIsAConfigErrorListingCloseMatches() {
        assertThatThrownBy(() -> BuiltinPlugins.resolve(KEY, "InsertFeild$Value", PluginType.TRANSFORMATION))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("'" + KEY + "'")
                .hasMessageContaining("did you mean InsertField$Value");
        assertThatThrownBy(() -> BuiltinPlugins.resolve(KEY, "InsertField", PluginType.TRANSFORMATION))
                .hasMessageContaining("InsertField$Key")
                .hasMessageContaining("InsertField$Value");
        // Connect's simple name of a nested class, which Connect itself cannot use either: it is ambiguous.
        assertThatThrownBy(() -> BuiltinPlugins.resolve(KEY, "Value", PluginType.TRANSFORMATION))
                .isInstanceOf(InvalidConfigValueException.class);
        assertThatThrownBy(() -> BuiltinPlugins.resolve("value.converter", "Jsn", PluginType.CONVERTER))
                .hasMessageContaining("did you mean Json");
    }

    @Test
    void closeMatchesOfAClassNameAreClassNames() {
        assertThat(BuiltinPlugins.closeMatches("org.apache.kafka.connect.json.JsonConvertor", PluginType.CONVERTER))
                .first()
                .isEqualTo("org.apache.kafka.connect.json.JsonConverter");
        assertThat(BuiltinPlugins.closeMatches("zzzzzzzz", PluginType.PREDICATE))
                .isEmpty();
    }

    @Test
    void loadChecksTheKanalInterface() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(BuiltinPlugins.load(KEY, "RegexRouter", PluginType.TRANSFORMATION, loader))
                .isEqualTo(io.kanal.runtime.transform.RegexRouter.class);
        assertThat(Transformation.class.isAssignableFrom(
                        BuiltinPlugins.load(KEY, "Flatten$Key", PluginType.TRANSFORMATION, loader)))
                .isTrue();
        assertThatThrownBy(() -> BuiltinPlugins.load(KEY, "java.lang.String", PluginType.TRANSFORMATION, loader))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("does not implement io.kanal.api.transform.Transformation");
        assertThatThrownBy(() -> BuiltinPlugins.load(KEY, "com.acme.Missing", PluginType.TRANSFORMATION, loader))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("cannot be loaded");
    }

    @Test
    void theTableIsConsistent() {
        assertThat(BuiltinPlugins.all()).hasSize(10 + 26 + 3);
        for (BuiltinPlugin plugin : BuiltinPlugins.all()) {
            assertThat(BuiltinPlugins.find(plugin.connectClassName())).contains(plugin);
            assertThat(BuiltinPlugins.find(plugin.kanalClassName())).contains(plugin);
            assertThat(BuiltinPlugins.find(plugin.connectBinarySimpleName())).contains(plugin);
            for (PluginType kind : PluginType.values()) {
                assertThat(BuiltinPlugins.find(plugin.connectClassName(), kind).isPresent())
                        .isEqualTo(plugin.is(kind));
            }
        }
    }
}
