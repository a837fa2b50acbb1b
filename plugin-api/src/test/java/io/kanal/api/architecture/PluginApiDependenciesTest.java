package io.kanal.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a plugin compiles against depends on nothing but the JDK, itself and the config module (RUNTIME.md §1), and
 * inside it the data model and the errors sit at the bottom. Checked on the compiled classes.
 */
class PluginApiDependenciesTest {
    private static JavaClasses api;

    @BeforeAll
    static void importClasses() {
        api = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.kanal.api");
    }

    @Test
    void thePluginApiUsesOnlyTheJdkItselfAndTheConfigModule() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.kanal.api..", "io.kanal.config..")
                .check(api);
    }

    @Test
    void theErrorsUseNothingElseOfTheApi() {
        noClasses()
                .that()
                .resideInAPackage("io.kanal.api.errors..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.kanal.api.data..",
                        "io.kanal.api.connector..",
                        "io.kanal.api.source..",
                        "io.kanal.api.sink..",
                        "io.kanal.api.convert..",
                        "io.kanal.api.transform..")
                .check(api);
    }

    @Test
    void theDataModelUsesOnlyTheErrors() {
        noClasses()
                .that()
                .resideInAPackage("io.kanal.api.data..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.kanal.api.connector..",
                        "io.kanal.api.source..",
                        "io.kanal.api.sink..",
                        "io.kanal.api.convert..",
                        "io.kanal.api.transform..")
                .check(api);
    }

    @Test
    void convertersKnowNothingOfConnectorsTasksOrTransforms() {
        noClasses()
                .that()
                .resideInAPackage("io.kanal.api.convert..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.kanal.api.connector..",
                        "io.kanal.api.source..",
                        "io.kanal.api.sink..",
                        "io.kanal.api.transform..")
                .check(api);
    }
}
