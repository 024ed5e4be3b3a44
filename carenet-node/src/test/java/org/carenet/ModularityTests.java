package org.carenet;

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
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder("../docs/modules")).writeDocumentation();
    }
}
