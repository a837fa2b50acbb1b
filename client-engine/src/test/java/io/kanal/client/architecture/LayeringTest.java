package io.kanal.client.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the client engine's packages point one way (client-engine/DESIGN.md, "Layers"). Checked on
 * the compiled classes, generated protocol code included, so that a dependency through a fully qualified name, a
 * Javadoc-free signature or generated code cannot slip past the way an import-line check would let it.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.kanal.client");
    }

    /** The layers, each allowed to use only those listed after it. */
    static LayeredArchitecture layers() {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("values")
                .definedBy("io.kanal.client")
                .layer("errors")
                .definedBy("io.kanal.client.errors..")
                .layer("common")
                .definedBy("io.kanal.client.common..")
                .layer("config")
                .definedBy("io.kanal.client.config..")
                .layer("wire")
                .definedBy("io.kanal.client.protocol.wire..")
                .layer("protocol")
                .definedBy("io.kanal.client.protocol", "io.kanal.client.protocol.message..")
                .layer("record")
                .definedBy("io.kanal.client.record..")
                .layer("serialization")
                .definedBy("io.kanal.client.serialization..")
                .layer("security")
                .definedBy("io.kanal.client.security..")
                .layer("network")
                .definedBy("io.kanal.client.network..")
                .layer("cluster")
                .definedBy("io.kanal.client.cluster..")
                .layer("resource")
                .definedBy("io.kanal.client.resource..")
                .layer("producer")
                .definedBy("io.kanal.client.producer..")
                .layer("consumer")
                .definedBy("io.kanal.client.consumer..")
                .layer("admin")
                .definedBy("io.kanal.client.admin..")
                .layer("group")
                .definedBy("io.kanal.client.group..")
                .whereLayer("values")
                .mayNotAccessAnyLayer()
                .whereLayer("errors")
                .mayOnlyAccessLayers("values")
                .whereLayer("common")
                .mayOnlyAccessLayers("values", "errors")
                .whereLayer("config")
                .mayOnlyAccessLayers("values", "errors")
                .whereLayer("wire")
                .mayOnlyAccessLayers("values", "errors")
                .whereLayer("protocol")
                .mayOnlyAccessLayers("values", "errors", "wire")
                .whereLayer("record")
                .mayOnlyAccessLayers("values", "errors", "common", "wire", "protocol")
                .whereLayer("serialization")
                .mayOnlyAccessLayers("values", "errors", "record")
                .whereLayer("security")
                .mayOnlyAccessLayers("values", "errors")
                .whereLayer("network")
                .mayOnlyAccessLayers("values", "errors", "common", "config", "wire", "protocol", "record", "security")
                .whereLayer("cluster")
                .mayOnlyAccessLayers(
                        "values", "errors", "common", "config", "wire", "protocol", "record", "security", "network")
                .whereLayer("resource")
                .mayOnlyAccessLayers(
                        "values",
                        "errors",
                        "common",
                        "config",
                        "wire",
                        "protocol",
                        "record",
                        "security",
                        "network",
                        "cluster")
                .whereLayer("producer")
                .mayOnlyAccessLayers(clientLayersBelow())
                .whereLayer("consumer")
                .mayOnlyAccessLayers(clientLayersBelow())
                .whereLayer("admin")
                .mayOnlyAccessLayers(clientLayersBelow())
                .whereLayer("group")
                .mayOnlyAccessLayers(clientLayersBelow());
    }

    /** What a client (producer, consumer, admin, group) may use: everything below, never another client. */
    private static String[] clientLayersBelow() {
        return new String[] {
            "values",
            "errors",
            "common",
            "config",
            "wire",
            "protocol",
            "record",
            "serialization",
            "security",
            "network",
            "cluster",
            "resource"
        };
    }

    @Test
    void layersOnlyUseTheLayersBelowThem() {
        layers().check(classes);
    }

    @Test
    void theCheckSeesHandWrittenAndGeneratedClasses() {
        assertThat(classes.contain("io.kanal.client.network.NetworkClient")).isTrue();
        assertThat(classes.contain("io.kanal.client.errors.Errors"))
                .as("the generated error table")
                .isTrue();
        assertThat(classes.contain("io.kanal.client.protocol.message.ProduceRequest"))
                .as("a generated message")
                .isTrue();
    }

    @Test
    void theRuleFailsOnAnUpwardDependency() throws ClassNotFoundException {
        // A test-source class in the errors package that uses the network layer.
        Class<?> probe = Class.forName("io.kanal.client.errors.LayeringProbe");
        JavaClasses offending = new ClassFileImporter().importClasses(probe, io.kanal.client.network.Lane.class);
        // Most layers are empty in this small import: only the dependency itself may count.
        EvaluationResult result = layers().withOptionalLayers(true).evaluate(offending);
        assertThat(result.getFailureReport().getDetails())
                .as("the layering rule reports errors -> network")
                .anySatisfy(line -> assertThat(line).contains("LayeringProbe").contains("network.Lane"));
        JavaClasses clean = new ClassFileImporter().importClasses(KafkaException.class, Errors.class);
        assertThat(layers().withOptionalLayers(true).evaluate(clean).hasViolation())
                .as("and nothing for a clean import")
                .isFalse();
    }
}
