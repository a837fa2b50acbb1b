package io.kanal.bridge.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bridge is a layer the runtime loads in its own class loader, whose parent shares only the plugin API, the config
 * model and the runtime's SPI package (DESIGN.md, the Connect bridge): any other class of ours would not be found at
 * run time. Its pure translations (data, config) know nothing of the adapters that use them. Checked on the compiled
 * classes.
 */
class BridgeDependenciesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.kanal.bridge");
    }

    @Test
    void theBridgeUsesOnlyWhatTheRuntimeSharesWithTheLayer() {
        noClasses()
                .that()
                .resideInAPackage("io.kanal.bridge..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.kanal..")
                        .and(not(resideInAnyPackage(
                                "io.kanal.bridge..",
                                "io.kanal.api..",
                                "io.kanal.config..",
                                "io.kanal.runtime.isolation.spi.."))))
                .check(classes);
    }

    @Test
    void theTranslationsDependOnNoAdapter() {
        noClasses()
                .that()
                .resideInAnyPackage("io.kanal.bridge.data..", "io.kanal.bridge.config..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.kanal.bridge..")
                        .and(not(resideInAnyPackage("io.kanal.bridge.data..", "io.kanal.bridge.config.."))))
                .check(classes);
    }

    @Test
    void theConfigTranslationIsIndependentOfTheDataTranslation() {
        noClasses()
                .that()
                .resideInAPackage("io.kanal.bridge.config..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.kanal.bridge.data.."))
                .check(classes);
    }
}
