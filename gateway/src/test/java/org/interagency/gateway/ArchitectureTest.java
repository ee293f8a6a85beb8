package org.interagency.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.interagency.gateway.error.GatewayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependency and error-handling rules of the production code, checked on the compiled classes. */
class ArchitectureTest {

    /**
     * Methods that may declare {@code throws Exception} outside the command line. The
     * failOrRetry steps rethrow the exception Camel caught, whatever its type, so that the JMS
     * transaction rolls back. Spring Security's {@code HttpSecurity.build()} declares it.
     */
    private static final Set<String> MAY_THROW_EXCEPTION = Set.of(
            "org.interagency.gateway.exchange.Redelivery.retryOrGiveUp",
            "org.interagency.gateway.exchange.Delivery.failOrRetry",
            "org.interagency.gateway.exchange.Acknowledgements.failOrRetry",
            "org.interagency.gateway.security.SecurityConfiguration.exchangeSecurity",
            "org.interagency.gateway.security.SecurityConfiguration.apiSecurity");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.interagency.gateway");
    }

    @Test
    void cryptoPackagesStayFreeOfFrameworks() {
        noClasses().that().resideInAnyPackage("..envelope..", "..pki..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.apache.camel..", "..intake..", "..exchange..")
                .because("envelopes and the development PKI must be usable and testable without the application")
                .check(production);
    }

    @Test
    void fhirDoesNotDependOnFlows() {
        noClasses().that().resideInAPackage("..fhir..")
                .should().dependOnClassesThat().resideInAnyPackage("..exchange..", "..intake..")
                .because("validation is shared by intake and opening and must not know either")
                .check(production);
    }

    @Test
    void methodsDoNotDeclareBareException() {
        noMethods().that().areDeclaredInClassesThat().resideOutsideOfPackage("..cli..")
                .and(notListedIn(MAY_THROW_EXCEPTION))
                .should().declareThrowableOfType(Exception.class)
                .because("a caller cannot tell what a bare Exception means, so failures are GatewayExceptions with an error code")
                .check(production);
    }

    @Test
    void noBareExceptionIsConstructed() {
        // Exception types themselves are exempt because their constructors must call super.
        noClasses().that().areNotAssignableTo(Throwable.class)
                .should().callConstructor(Exception.class)
                .orShould().callConstructor(Exception.class, String.class)
                .orShould().callConstructor(RuntimeException.class, String.class)
                .orShould().callConstructor(RuntimeException.class, String.class, Throwable.class)
                .because("every failure the gateway raises carries an error code or a specific type")
                .check(production);
    }

    @Test
    void onlyCommandLinePrintsToConsole() {
        noClasses().that().resideOutsideOfPackage("..cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("the gateway logs through SLF4J so that log settings and redaction apply")
                .check(production);
    }

    @Test
    void exceptionsExtendGatewayException() {
        classes().that().areAssignableTo(Throwable.class)
                .and().resideOutsideOfPackage("..cli..")
                .should().beAssignableTo(GatewayException.class)
                .because("every failure reported by the gateway needs a stable error code")
                .check(production);
    }

    @Test
    void onlySecurityReadsTokensOrCertificates() {
        noClasses().that().resideOutsideOfPackage("..security..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.security.oauth2..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.interagency.gateway.security.ClientCertificateFilter")
                .because("controllers take a Caller and must not care whether it came with a token or a client certificate")
                .check(production);
    }

    @Test
    void productionSourcesContainNoMockEndpoint() throws IOException {
        List<Path> roots = List.of(Path.of("src/main"), Path.of("../routes/src/main"));

        for (Path root : roots) {
            assertThat(root).as("source folder, relative to the gateway module").isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    assertThat(text).as("%s must not route to a mock: endpoint", file).doesNotContain("mock:");
                }
            }
        }
    }

    private static DescribedPredicate<JavaMethod> notListedIn(Set<String> names) {
        return DescribedPredicate.describe("not listed as allowed to throw Exception",
                method -> !names.contains(method.getOwner().getName() + "." + method.getName()));
    }
}
