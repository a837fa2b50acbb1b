package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fails when Apache Kafka Connect ships a built-in converter, header converter, transform or predicate that Kanal has
 * no counterpart for. The built-ins are what Connect's own jars (connect-api, connect-json, connect-runtime,
 * connect-transforms, on the test class path) declare in their {@code META-INF/services} files, which is how a
 * Connect worker discovers them; upgrading Kafka in the pom re-runs this against the new list.
 */
class BuiltinPluginsCompletenessTest {

    private static final Map<PluginType, String> SERVICES = Map.of(
            PluginType.CONVERTER, "org.apache.kafka.connect.storage.Converter",
            PluginType.HEADER_CONVERTER, "org.apache.kafka.connect.storage.HeaderConverter",
            PluginType.TRANSFORMATION, "org.apache.kafka.connect.transforms.Transformation",
            PluginType.PREDICATE, "org.apache.kafka.connect.transforms.predicates.Predicate");

    @Test
    void everyConnectBuiltinHasAKanalCounterpartOfTheRightKind() throws Exception {
        List<String> missing = new ArrayList<>();
        for (PluginType kind : PluginType.values()) {
            Set<String> declared = declared(SERVICES.get(kind));
            for (String connectName : declared) {
                String problem = counterpartProblem(connectName, kind);
                if (problem != null) {
                    missing.add(kind.displayName() + " " + connectName + ": " + problem);
                }
            }
        }
        assertThat(missing)
                .as("Connect built-ins without a working Kanal counterpart")
                .isEmpty();
    }

    @Test
    void theServiceFilesWereFoundAndTheTableHasNothingElse() throws Exception {
        for (PluginType kind : PluginType.values()) {
            Set<String> declared = declared(SERVICES.get(kind));
            Set<String> table = BuiltinPlugins.all().stream()
                    .filter(plugin -> plugin.is(kind))
                    .map(BuiltinPlugin::connectClassName)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(table).as(kind.displayName()).isEqualTo(declared);
        }
        assertThat(declared(SERVICES.get(PluginType.TRANSFORMATION))).hasSizeGreaterThanOrEqualTo(26);
        assertThat(declared(SERVICES.get(PluginType.CONVERTER)))
                .contains("org.apache.kafka.connect.json.JsonConverter");
    }

    /** What is wrong with Kanal's counterpart of a Connect class, or null when it is fine. */
    private String counterpartProblem(String connectName, PluginType kind) {
        if (BuiltinPlugins.find(connectName, kind).isEmpty()) {
            return "not in BuiltinPlugins";
        }
        String kanalName = BuiltinPlugins.resolve("type", connectName, kind);
        Class<?> type;
        try {
            type = Class.forName(kanalName, false, getClass().getClassLoader());
        } catch (ClassNotFoundException missing) {
            return "Kanal's " + kanalName + " does not exist";
        }
        if (!kind.pluginInterface().isAssignableFrom(type)) {
            return "Kanal's " + kanalName + " does not implement "
                    + kind.pluginInterface().getName();
        }
        Object instance;
        try {
            instance = type.getConstructor().newInstance();
        } catch (ReflectiveOperationException failure) {
            return "cannot be created with its public no-argument constructor: " + failure;
        }
        ConfigSpec spec =
                switch (kind) {
                    case CONVERTER -> ((Converter) instance).configSpec();
                    case HEADER_CONVERTER -> ((HeaderConverter) instance).configSpec();
                    case TRANSFORMATION -> ((Transformation<?>) instance).configSpec();
                    case PREDICATE -> ((Predicate<?>) instance).configSpec();
                    default -> throw new IllegalStateException("Connect has no built-in " + kind.displayName());
                };
        return spec == null ? "has no ConfigSpec" : null;
    }

    /** The class names every service file of that name on the test class path declares. */
    private Set<String> declared(String service) throws IOException {
        Set<String> names = new TreeSet<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/services/" + service))) {
            if (!url.toString().contains("org/apache/kafka")) {
                continue;
            }
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    int comment = line.indexOf('#');
                    String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }
}
