package io.kanal.client.protocol;

import io.kanal.codegen.FieldSpec;
import io.kanal.codegen.MessageSpec;
import io.kanal.codegen.SpecLoader;
import io.kanal.codegen.StructRegistry;
import io.kanal.codegen.StructSpec;
import io.kanal.codegen.Versions;
import java.util.ArrayList;
import java.util.List;

/** The specs Kanal's messages were generated from, read again from the kafka-clients jar for the tests. */
final class SpecCatalog {
    /** One message at one version. */
    record Case(MessageSpec spec, StructRegistry registry, Class<?> type, short version) {
        @Override
        public String toString() {
            return spec.name() + " v" + version;
        }
    }

    private static final List<MessageSpec> SPECS = SpecLoader.fromClasspath().stream()
            .filter(s -> !s.validVersions().isEmpty() && !s.type().equals("metadata"))
            .toList();

    private SpecCatalog() {}

    static List<MessageSpec> specs() {
        return SPECS;
    }

    static Class<?> kanalType(MessageSpec spec) {
        try {
            return Class.forName("io.kanal.client.protocol.message." + spec.name());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no generated class for " + spec.name(), e);
        }
    }

    /** Every message at every valid version. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (MessageSpec spec : SPECS) {
            StructRegistry registry = new StructRegistry(spec);
            Class<?> type = kanalType(spec);
            Versions valid = spec.validVersions();
            for (int v = valid.lowest(); v <= valid.highest(); v++) {
                cases.add(new Case(spec, registry, type, (short) v));
            }
        }
        return cases;
    }

    /** Whether a field is on the wire at a version, as a regular or a tagged field. */
    static boolean present(MessageSpec spec, FieldSpec f, short version) {
        if (!f.versions().contains(version)) {
            return false;
        }
        if (f.isTagged()) {
            return f.taggedVersions().contains(version)
                    && spec.flexibleVersions().contains(version);
        }
        return true;
    }

    static StructSpec top(StructRegistry registry) {
        return registry.structs().get(0);
    }
}
