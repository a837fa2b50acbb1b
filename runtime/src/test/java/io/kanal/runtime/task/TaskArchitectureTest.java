package io.kanal.runtime.task;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kanal.api.connector.Connector;
import io.kanal.api.connector.Task;
import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.api.transform.Predicate;
import io.kanal.api.transform.Transformation;
import org.junit.jupiter.api.Test;

/** RUNTIME.md §1 and §4 for the task and worker packages: plugins only through handles, no sleeps. */
class TaskArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kanal.runtime.task", "io.kanal.runtime.worker");

    private static final DescribedPredicate<JavaClass> PLUGIN_TYPES = DescribedPredicate.describe(
            "a plugin type",
            c -> c.isAssignableTo(Task.class)
                    || c.isAssignableTo(Connector.class)
                    || c.isAssignableTo(Converter.class)
                    || c.isAssignableTo(HeaderConverter.class)
                    || c.isAssignableTo(Transformation.class)
                    || c.isAssignableTo(Predicate.class));

    @Test
    void pluginsAreHeldOnlyAsInvokerHandles() {
        noFields().should().haveRawType(PLUGIN_TYPES).check(CLASSES);
    }

    @Test
    void noSleeps() {
        noClasses().should().callMethod(Thread.class, "sleep", long.class).check(CLASSES);
    }
}
