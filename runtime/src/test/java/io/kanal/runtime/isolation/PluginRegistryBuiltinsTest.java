package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
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
    void everyBuiltinOnTheClassPathLoadsAsEveryKindTheTableGivesIt() {
        for (BuiltinPlugin builtin : BuiltinPlugins.all()) {
            Set<PluginType> types = builtin.kinds().stream()
                    .map(kind -> PluginType.valueOf(kind.name()))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(PluginType.class)));
            if (!onClassPath(builtin.kanalClassName())) {
                // Written by another branch; the lead's merge brings it. Until then it is a reported failure.
                assertThat(registry.failures())
                        .anySatisfy(f -> assertThat(f.className()).isEqualTo(builtin.kanalClassName()));
                continue;
            }
            for (PluginType type : types) {
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
        assertThatThrownBy(() -> registry.resolve(transforms, "Value", null))
                .isInstanceOf(AmbiguousPluginAliasException.class);
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, PluginRegistryBuiltinsTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
