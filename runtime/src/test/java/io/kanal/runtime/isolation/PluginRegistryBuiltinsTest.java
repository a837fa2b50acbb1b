package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime's built-ins ({@link BuiltinPlugins}) as one more source of the registry. */
class PluginRegistryBuiltinsTest {

    private static PluginRegistry registry;

    @BeforeAll
    static void load() {
        registry = PluginRegistry.load(PluginPath.empty(), PluginRegistry.Builtins.kanal("4.4.0"));
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    @Test
    void everyBuiltinLoadsAsEveryKindTheTableGivesIt() {
        assertThat(registry.failures()).isEmpty();
        for (BuiltinPlugin builtin : BuiltinPlugins.all()) {
            for (PluginType kind : builtin.kinds()) {
                PluginType type = kind;
                PluginDescriptor plugin = registry.resolve(Set.of(type), builtin.connectClassName(), null);
                assertThat(plugin.className()).as(builtin + " as " + type).isEqualTo(builtin.kanalClassName());
                assertThat(plugin.builtin()).isTrue();
            }
        }
    }

    @Test
    void connectsNamesAndAliasesReachKanalsClasses() {
        Set<PluginType> transforms = Set.of(PluginType.TRANSFORMATION);
        String insertValue = "io.kanal.runtime.transform.InsertField$Value";
        assertThat(registry.resolve(transforms, "org.apache.kafka.connect.transforms.InsertField$Value", null)
                        .className())
                .isEqualTo(insertValue);
        assertThat(registry.resolve(transforms, "InsertField$Value", "4.4.0").className())
                .isEqualTo(insertValue);
        assertThat(registry.resolve(transforms, "RegexRouter", null).className())
                .isEqualTo("io.kanal.runtime.transform.RegexRouter");
        assertThat(registry.resolve(Set.of(PluginType.PREDICATE), "TopicNameMatches", null)
                        .className())
                .isEqualTo("io.kanal.runtime.transform.predicate.TopicNameMatches");
        assertThat(registry.resolve(Set.of(PluginType.CONVERTER), "Json", null).className())
                .isEqualTo("io.kanal.runtime.convert.JsonConverter");
        assertThat(registry.resolve(Set.of(PluginType.HEADER_CONVERTER), "Simple", null)
                        .className())
                .isEqualTo("io.kanal.runtime.convert.SimpleHeaderConverter");
        assertThat(registry.resolve(
                                Set.of(PluginType.HEADER_CONVERTER),
                                "org.apache.kafka.connect.storage.StringConverter",
                                null)
                        .version())
                .hasToString("4.4.0");
        assertThatThrownBy(() -> registry.resolve(transforms, "Value", null))
                .isInstanceOf(AmbiguousPluginAliasException.class);
    }
}
