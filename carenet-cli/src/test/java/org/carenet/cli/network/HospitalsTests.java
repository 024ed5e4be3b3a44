package org.carenet.cli.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.carenet.cli.network.Hospitals.InvalidHospitalsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HospitalsTests {

    @TempDir
    Path directory;

    @Test
    void aHospitalsIdIsTheLowercaseSlugOfItsName() {
        assertThat(Hospital.named("Rhode Island Hospital").id()).isEqualTo("rhode-island-hospital");
        assertThat(Hospital.named("Miriam Hospital").id()).isEqualTo("miriam-hospital");
        assertThat(Hospital.named("Newport Hospital").id()).isEqualTo("newport-hospital");
    }

    @Test
    void aHospitalsDatabaseIsNamedByItsIdWithUnderscores() {
        assertThat(Hospital.named("Rhode Island Hospital").databaseName()).isEqualTo("rhode_island_hospital");
    }

    @Test
    void aHospitalKeepsItsNameAsWrittenWithoutSurroundingSpace() {
        assertThat(Hospital.named("  Miriam Hospital ").name()).isEqualTo("Miriam Hospital");
    }

    @Test
    void theFileListsOneHospitalALineInOrderIgnoringBlankLinesAndComments() throws IOException {
        Path file = write(
                "# the seed hospitals",
                "Rhode Island Hospital",
                "",
                "   ",
                "  Miriam Hospital  ",
                "   # indented comment",
                "Newport Hospital");

        assertThat(Hospitals.read(file))
                .containsExactly(
                        new Hospital("rhode-island-hospital", "Rhode Island Hospital"),
                        new Hospital("miriam-hospital", "Miriam Hospital"),
                        new Hospital("newport-hospital", "Newport Hospital"));
    }

    @Test
    void aMissingFileIsReportedByName() {
        Path missing = directory.resolve("nowhere.txt");

        assertThatThrownBy(() -> Hospitals.read(missing))
                .isInstanceOf(InvalidHospitalsException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void aFileOfOnlyCommentsAndBlankLinesListsNoHospitals() throws IOException {
        Path file = write("# nothing yet", "", "  ");

        assertThatThrownBy(() -> Hospitals.read(file))
                .isInstanceOf(InvalidHospitalsException.class)
                .hasMessageContaining("no hospitals");
    }

    @Test
    void anEmptyFileListsNoHospitals() throws IOException {
        Path file = write();

        assertThatThrownBy(() -> Hospitals.read(file))
                .isInstanceOf(InvalidHospitalsException.class)
                .hasMessageContaining("no hospitals");
    }

    @Test
    void twoNamesWithTheSameIdAreRejectedWithBothLines() {
        assertThatThrownBy(() -> Hospitals.parse(List.of("Miriam Hospital", "# comment", "miriam  HOSPITAL")))
                .isInstanceOf(InvalidHospitalsException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("line 1")
                .hasMessageContaining("miriam-hospital");
    }

    @Test
    void aNameWithoutLettersOrDigitsIsRejectedWithItsLine() {
        assertThatThrownBy(() -> Hospitals.parse(List.of("Newport Hospital", "***")))
                .isInstanceOf(InvalidHospitalsException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void idsOfTheNetworksOwnDirectoriesAreReserved() {
        assertThatThrownBy(() -> Hospitals.parse(List.of("Kafka")))
                .isInstanceOf(InvalidHospitalsException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> Hospitals.parse(List.of("Postgres")))
                .isInstanceOf(InvalidHospitalsException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> Hospitals.parse(List.of("LOGS")))
                .isInstanceOf(InvalidHospitalsException.class)
                .hasMessageContaining("reserved");
    }

    private Path write(String... lines) throws IOException {
        return Files.write(directory.resolve("hospitals.txt"), List.of(lines));
    }
}
