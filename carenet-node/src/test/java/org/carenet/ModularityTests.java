package org.carenet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The node's contexts only use each other's public API; the module documentation is generated from the same model. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(CarenetNode.class);

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
