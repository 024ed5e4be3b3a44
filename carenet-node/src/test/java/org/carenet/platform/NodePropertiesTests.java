package org.carenet.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NodePropertiesTests {

    @Test
    void aHospitalsIdIsTheSlugOfItsName() {
        assertThat(NodeProperties.slug("Rhode Island Hospital")).isEqualTo("rhode-island-hospital");
        assertThat(NodeProperties.slug("  St. Mary's  (North) ")).isEqualTo("st-mary-s-north");
        assertThat(NodeProperties.slug("Hôpital Lariboisière")).isEqualTo("h-pital-lariboisi-re");
        assertThat(NodeProperties.slug("Hospital #12 -- East")).isEqualTo("hospital-12-east");
    }

    @Test
    void aNameWithoutLettersOrDigitsHasNoId() {
        assertThatThrownBy(() -> NodeProperties.slug("---")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idAndDataDirectoryDefaultFromTheName() {
        NodeProperties node = new NodeProperties("Miriam Hospital", null, null);

        assertThat(node.hospitalId()).isEqualTo("miriam-hospital");
        assertThat(node.dataDir()).isEqualTo(Path.of("run", "miriam-hospital"));
    }
}
