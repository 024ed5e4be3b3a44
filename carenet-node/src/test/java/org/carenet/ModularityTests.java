package org.carenet;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The node's contexts only use each other's public API; the module documentation is generated from the same model. */
class ModularityTests {

    /**
     * The ledger libraries (org.carenet.ledger and its backends) and the card library are not contexts of the node but
     * libraries it uses;
     * which contexts may use them is an ArchitectureTests rule. The embedded engines are only on the tests' class
     * path.
     */
    private final ApplicationModules modules = ApplicationModules.of(
            CarenetNode.class,
            JavaClass.Predicates.resideInAnyPackage(
                    "org.carenet.ledger..", "org.carenet.card..", "org.carenet.embedded.."));

    @Test
    void contextsRespectEachOthersBoundaries() {
        modules.verify();
    }

    @Test
    void moduleDocumentationIsGenerated() {
        Path folder = Path.of("..", "docs", "modules");
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(folder.toString())).writeDocumentation();

        assertThat(folder.resolve("components.puml")).isNotEmptyFile();
        modules.forEach(module -> assertThat(folder.resolve("module-" + module.getIdentifier() + ".adoc"))
                .isNotEmptyFile());
    }
}
