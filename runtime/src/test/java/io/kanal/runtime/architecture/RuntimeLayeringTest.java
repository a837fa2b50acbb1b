package io.kanal.runtime.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the runtime's packages point one way (runtime/DESIGN.md): the built-in converters and
 * transforms know only the plugin API, like any plugin; the plugin-call layer knows only lifecycles; the herder knows
 * neither tasks nor clients; only the worker puts everything together. Checked on the compiled classes. The
 * herder's own bans (no sockets, clocks or sleeps) are in {@code HerderArchitectureTest}, the tasks' in
 * {@code TaskArchitectureTest}.
 */
class RuntimeLayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.kanal.runtime");
    }

    @Test
    void packagesDependOnEachOtherOneWay() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("lifecycle")
                .definedBy("io.kanal.runtime.lifecycle..")
                .layer("invoke")
                .definedBy("io.kanal.runtime.invoke..")
                .layer("convert")
                .definedBy("io.kanal.runtime.convert..")
                .layer("transform")
                .definedBy("io.kanal.runtime.transform..")
                .layer("isolation")
                .definedBy("io.kanal.runtime.isolation..")
                .layer("task")
                .definedBy("io.kanal.runtime.task..")
                .layer("herder")
                .definedBy("io.kanal.runtime.herder..")
                .layer("store")
                .definedBy("io.kanal.runtime.store..")
                .layer("membership")
                .definedBy("io.kanal.runtime.membership..")
                .layer("worker")
                .definedBy("io.kanal.runtime.worker..")
                .whereLayer("lifecycle")
                .mayOnlyBeAccessedByLayers("invoke", "task", "herder", "store", "membership", "worker")
                .whereLayer("invoke")
                .mayOnlyBeAccessedByLayers("task", "herder", "store", "worker")
                // store: Connect's internal topics hold JsonConverter JSON (schemas.enable=false), which the
                // byte-identical built-in converter writes and reads
                .whereLayer("convert")
                .mayOnlyBeAccessedByLayers("isolation", "store", "worker")
                .whereLayer("transform")
                .mayOnlyBeAccessedByLayers("isolation", "worker")
                .whereLayer("isolation")
                .mayOnlyBeAccessedByLayers("worker")
                .whereLayer("task")
                .mayOnlyBeAccessedByLayers("worker")
                .whereLayer("herder")
                .mayOnlyBeAccessedByLayers("store", "membership", "worker")
                .whereLayer("store")
                .mayOnlyBeAccessedByLayers("worker")
                .whereLayer("membership")
                .mayOnlyBeAccessedByLayers("worker")
                .whereLayer("worker")
                .mayNotBeAccessedByAnyLayer()
                .check(classes);
    }

    /**
     * The Connect bridge layer sees of the runtime only {@code io.kanal.runtime.isolation.spi} (its loader's parent
     * filters by package): anything else the SPI touched would not be found at run time.
     */
    @Test
    void theBridgeSpiNeedsOnlyThePluginApi() {
        classes()
                .that()
                .resideInAPackage("io.kanal.runtime.isolation.spi..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.kanal.api..", "io.kanal.config..", "io.kanal.runtime.isolation.spi..")
                .check(classes);
    }

    /** Apache's classes live only in the bridge layer: the runtime names them as strings, never links against them. */
    @Test
    void theRuntimeNeverLinksAgainstApacheKafka() {
        noClasses()
                .that()
                .resideInAPackage("io.kanal.runtime..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..")
                .check(classes);
    }

    /** Only the worker opens the Connect layer; the rest of isolation knows it through {@code ForeignPlugins}. */
    @Test
    void onlyTheWorkerUsesTheConnectLayer() {
        noClasses()
                .that()
                .resideInAPackage("io.kanal.runtime..")
                .and()
                .resideOutsideOfPackages("io.kanal.runtime.worker..", "io.kanal.runtime.isolation.connect..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.kanal.runtime.isolation.connect..")
                .check(classes);
    }
}
