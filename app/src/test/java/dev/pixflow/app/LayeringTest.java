package dev.pixflow.app;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ports-and-adapters rules, as a test: the core knows no framework, protocol, database or native
 * code; each adapter module knows the core and nothing else of Pixflow (the SQL dialects also their
 * shared JDBC stores); no package depends, even through others, on itself.
 */
class LayeringTest {
    /** Each adapter module's package, and the other Pixflow packages it may use besides the core. */
    private static final Map<String, List<String>> ADAPTERS = Map.of(
            "dev.pixflow.adapter.blob.fs..", List.of(),
            "dev.pixflow.adapter.blob.s3..", List.of(),
            "dev.pixflow.adapter.queue.sqs..", List.of(),
            "dev.pixflow.adapter.jdbc..", List.of(),
            "dev.pixflow.adapter.sqlite..", List.of("dev.pixflow.adapter.jdbc.."),
            "dev.pixflow.adapter.postgres..", List.of("dev.pixflow.adapter.jdbc.."),
            "dev.pixflow.adapter.dynamodb..", List.of(),
            "dev.pixflow.adapter.alttext..", List.of(),
            "dev.pixflow.adapter.analytics..", List.of());

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
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
    void theEngineKnowsOnlyTheCore() {
        noClasses().that().resideInAPackage("dev.pixflow.engine..")
                .should().dependOnClassesThat(resideInAPackage("dev.pixflow..")
                        .and(resideOutsideOfPackages("dev.pixflow.engine..", "dev.pixflow.core..")))
                .check(classes);
    }

    /** Every adapter module: the core, its own classes and (for the SQL dialects) the shared JDBC stores. */
    @Test
    void eachAdapterKnowsOnlyTheCoreAndWhatItBuildsOn() {
        ADAPTERS.forEach((adapter, allowed) -> {
            String[] own = Stream.concat(Stream.of(adapter, "dev.pixflow.core.."), allowed.stream()).toArray(String[]::new);
            noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat(resideInAPackage("dev.pixflow..").and(resideOutsideOfPackages(own)))
                    .as("classes in " + adapter + " should depend on no Pixflow code but the core"
                            + (allowed.isEmpty() ? "" : " and " + allowed))
                    .check(classes);
        });
    }

    @Test
    void everyAdapterPackageIsListed() {
        classes.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith("dev.pixflow.adapter."))
                .forEach(p -> assertThat(ADAPTERS.keySet())
                        .as("the adapter package %s has layering rules", p)
                        .anyMatch(a -> p.startsWith(a.substring(0, a.length() - 2))));
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.pixflow.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheS3SqsAndDynamoDbAdaptersAndTheirWiringKnowAws() {
        noClasses().that().resideOutsideOfPackages("dev.pixflow.adapter.blob.s3..", "dev.pixflow.adapter.queue.sqs..",
                        "dev.pixflow.adapter.dynamodb..")
                .and().haveSimpleNameNotEndingWith("Wiring")
                .should().dependOnClassesThat().resideInAPackage("software.amazon..")
                .check(classes);
    }

    @Test
    void noAwtOrImageIoOnTheRenderPath() {
        // The AOT cache's training draws its own photos with the JDK's imaging, off the render path.
        noClasses().that().resideOutsideOfPackage("dev.pixflow.app.aot..")
                .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.imageio..").check(classes);
    }
}
