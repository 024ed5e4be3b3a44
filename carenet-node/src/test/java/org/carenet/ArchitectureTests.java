package org.carenet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.carenet.access.Access;
import org.carenet.access.PublicEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMapping;

/** Rules Spring Modulith cannot state. Each must match something, so that a rule cannot pass by matching nothing. */
class ArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the embedded engines are test and launcher infrastructure, on the node's test classpath only
            .withImportOption(location -> !location.contains("/org/carenet/embedded/"))
            .importPackages("org.carenet");

    @Test
    void httpControllersLiveInWebPackages() {
        classes()
                .that()
                .areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
                .or()
                .areAnnotatedWith(org.springframework.stereotype.Controller.class)
                .should()
                .resideInAPackage("..web..")
                .allowEmptyShould(false)
                .check(classes);
    }

    @Test
    void everyRequestHandlerDeclaresItsAccess() {
        methods()
                .that()
                .areMetaAnnotatedWith(RequestMapping.class)
                .should()
                .beAnnotatedWith(Access.class)
                .orShould()
                .beAnnotatedWith(PublicEndpoint.class)
                .allowEmptyShould(false)
                .check(classes);
    }

    @Test
    void onlyTheContextsThatSpeakForTheHospitalToTheNetworkUseTheLedger() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "org.carenet.ledger..",
                        // the card library signs with the ledger's key types
                        "org.carenet.card..",
                        "org.carenet.network..",
                        "org.carenet.records..",
                        "org.carenet.prescriptions..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.carenet.ledger..")
                .check(classes);
        classes()
                .that()
                .resideInAPackage("org.carenet.network..")
                .and()
                .haveSimpleName("NetworkMembership")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.carenet.ledger..")
                .allowEmptyShould(false)
                .check(classes);
    }

    @Test
    void onlyTheRecordsContextHandlesPatientsCardsAndRecordKeys() {
        noClasses()
                .that()
                .resideOutsideOfPackages("org.carenet.card..", "org.carenet.records..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.carenet.card..")
                .check(classes);
        classes()
                .that()
                .resideInAPackage("org.carenet.records..")
                .and()
                .haveSimpleName("Visits")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.carenet.card..")
                .allowEmptyShould(false)
                .check(classes);
    }

    @Test
    void nothingReadsTheEnvironmentOrSystemPropertiesDirectly() {
        noClasses()
                .should()
                .callMethod(System.class, "getenv", String.class)
                .orShould()
                .callMethod(System.class, "getProperty", String.class)
                .orShould()
                .callMethod(System.class, "setProperty", String.class, String.class)
                .because("several nodes share one JVM: configuration comes from each node's Spring environment")
                .check(classes);
    }
}
