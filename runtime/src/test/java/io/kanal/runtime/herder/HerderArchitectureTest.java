package io.kanal.runtime.herder;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kanal.runtime.herder.assign.CooperativeAssignor;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RUNTIME.md §1 and §3: the herder (with its subpackages) does no I/O, reads no clock, never sleeps, and depends on no store. */
class HerderArchitectureTest {

    private static final JavaClasses HERDER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kanal.runtime.herder");

    @Test
    void theRulesCoverTheSubpackages() {
        // importPackages takes subpackages too: the assignor (herder.assign) is held to the same rules.
        assertThat(HERDER.contain(CooperativeAssignor.class)).isTrue();
    }

    @Test
    void noIo() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net..", "java.nio.channels..", "java.nio.file..", "io.kanal.runtime.store..")
                .check(HERDER);
    }

    @Test
    void noClockReadsAndNoSleeps() {
        noClasses()
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .callMethod(Thread.class, "sleep", long.class)
                .orShould()
                .callMethod(Instant.class, "now")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(Clock.class)
                .check(HERDER);
    }
}
