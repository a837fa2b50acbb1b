package io.kanal.rest;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The REST layer sees the runtime only through {@code io.kanal.runtime.api} (RUNTIME.md §1). */
class RestArchitectureTest {

    @Test
    void restDependsOnTheRuntimeOnlyThroughItsApiPackage() {
        JavaClasses rest = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kanal.rest");
        noClasses()
                .that()
                .resideInAPackage("io.kanal.rest..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.kanal..")
                        .and(resideOutsideOfPackages("io.kanal.rest..", "io.kanal.runtime.api..")))
                .check(rest);
    }
}
