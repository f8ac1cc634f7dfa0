package dev.pixflow.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The ports-and-adapters rules, as a test: the core knows no framework, protocol, database or native code. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.pixflow");
    }

    @Test
    void coreHasNoSpringSqlHttpAwsOrNativeImports() {
        noClasses().that().resideInAPackage("dev.pixflow.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "java.sql..", "javax.sql..", "jakarta..", "java.net.http..",
                        "software.amazon..", "java.lang.foreign..", "org.flywaydb..", "com.zaxxer..", "org.sqlite..",
                        "io.micrometer..", "com.fasterxml..", "java.awt..", "javax.imageio..", "org.duckdb..")
                .check(classes);
    }

    @Test
    void coreDependsOnNoAdapterEngineOrApp() {
        noClasses().that().resideInAPackage("dev.pixflow.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.pixflow.adapter..", "dev.pixflow.engine..", "dev.pixflow.app..")
                .check(classes);
    }

    @Test
    void adaptersAndEngineDoNotReachIntoTheAppOrEachOther() {
        noClasses().that().resideInAnyPackage("dev.pixflow.adapter..", "dev.pixflow.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.pixflow.app..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.pixflow.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.pixflow.adapter..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.pixflow.adapter..")
                .should().dependOnClassesThat().resideInAPackage("dev.pixflow.engine..")
                .check(classes);
    }

    @Test
    void adaptersDoNotImportEachOther() {
        List<String> adapters = List.of("dev.pixflow.adapter.blob.fs..", "dev.pixflow.adapter.blob.s3..",
                "dev.pixflow.adapter.queue.sqs..", "dev.pixflow.adapter.sqlite..", "dev.pixflow.adapter.postgres..",
                "dev.pixflow.adapter.alttext..");
        for (String adapter : adapters) {
            String[] others = adapters.stream().filter(a -> !a.equals(adapter)).toArray(String[]::new);
            noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(classes);
        }
    }

    @Test
    void onlyTheS3AndSqsAdaptersAndTheirWiringKnowAws() {
        noClasses().that().resideOutsideOfPackages("dev.pixflow.adapter.blob.s3..", "dev.pixflow.adapter.queue.sqs..",
                        "dev.pixflow.app.config..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon..")
                .check(classes);
    }

    @Test
    void noAwtOrImageIoOnTheRenderPath() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.imageio..").check(classes);
    }
}
