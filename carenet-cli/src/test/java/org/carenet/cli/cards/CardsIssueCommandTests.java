package org.carenet.cli.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carenet.card.CardFile;
import org.carenet.card.CardPasswordException;
import org.carenet.card.PatientCard;
import org.carenet.cli.Carenet;
import org.carenet.cli.network.NetworkIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CardsIssueCommandTests {

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private String data() {
        return directory.resolve("run").toString();
    }

    @Test
    void issuesACardTheNetworkOperatorCertifies() throws IOException {
        Path file = directory.resolve("alice.card");

        int exitCode = issue("Alice Martin", "123-45-6789", file.toString(), data());

        assertThat(exitCode).as(err.toString()).isZero();
        PatientCard card = CardFile.read(file, null);
        assertThat(out.toString())
                .contains("Issued a card for patient " + card.patient())
                .contains(file.toString());
        assertThat(card.certificate()
                        .isIssuedBy(NetworkIdentity.operatorKey(Path.of(data())).verifyingKey()))
                .isTrue();
        assertThat(Files.readString(file)).doesNotContainIgnoringCase("alice").doesNotContain("6789");
    }

    @Test
    void theSamePersonGetsTheSameIdentifierInTheSameNetworkOnly() {
        issue("Bob Stone", "42", directory.resolve("1.card").toString(), data());
        issue("bob  stone", "42", directory.resolve("2.card").toString(), data());
        issue(
                "Bob Stone",
                "42",
                directory.resolve("3.card").toString(),
                directory.resolve("other-network").toString());

        PatientCard first = CardFile.read(directory.resolve("1.card"), null);
        PatientCard again = CardFile.read(directory.resolve("2.card"), null);
        PatientCard elsewhere = CardFile.read(directory.resolve("3.card"), null);
        assertThat(again.patient()).isEqualTo(first.patient());
        assertThat(again.signingKey().verifyingKey())
                .as("fresh keys")
                .isNotEqualTo(first.signingKey().verifyingKey());
        assertThat(elsewhere.patient()).isNotEqualTo(first.patient());
        assertThat(out.toString().split("No network in ", -1))
                .as("a new network announced once for each data directory")
                .hasSize(3);
    }

    @Test
    void theDefaultFileIsNamedAfterTheIdentifierInTheDataDirectory() throws IOException {
        assertThat(execute("cards", "issue", "--name", "Carol", "--id", "7", "--data", data()))
                .isZero();

        try (var cards = Files.list(Path.of(data(), "cards"))) {
            Path file = cards.findFirst().orElseThrow();
            assertThat(file.getFileName().toString())
                    .isEqualTo(CardFile.read(file, null).patient() + ".card");
        }
    }

    @Test
    void aPasswordSealsTheCard() {
        Path file = directory.resolve("dave.card");

        assertThat(issue("Dave", "8", file.toString(), data(), "--password=s3cret pass"))
                .isZero();

        assertThat(out.toString()).contains("password-protected");
        assertThat(CardFile.isProtected(file)).isTrue();
        assertThat(CardFile.read(file, "s3cret pass".toCharArray()).patient()).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CardFile.read(file, null))
                .isInstanceOf(CardPasswordException.class);
    }

    @Test
    void badInputIsAClearErrorAndWritesNothing() {
        Path file = directory.resolve("nobody.card");

        assertThat(issue("  ", "1", file.toString(), data())).isEqualTo(2);
        assertThat(err.toString()).contains("name is not blank");
        assertThat(execute("cards", "issue", "--name", "Eve", "--out", file.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--id");
        assertThat(file).doesNotExist();
    }

    @Test
    void anExistingCardIsNeverOverwritten() {
        Path file = directory.resolve("frank.card");
        issue("Frank", "9", file.toString(), data());
        PatientCard first = CardFile.read(file, null);

        assertThat(issue("Frank", "9", file.toString(), data())).isEqualTo(1);

        assertThat(err.toString()).contains("exists already");
        assertThat(CardFile.read(file, null).signingKey().verifyingKey())
                .isEqualTo(first.signingKey().verifyingKey());
    }

    /** {@code cards issue} with a name, an id, a card file and a data directory, then any other arguments. */
    private int issue(String name, String id, String out, String data, String... more) {
        List<String> arguments =
                new ArrayList<>(List.of("cards", "issue", "--name", name, "--id", id, "--out", out, "--data", data));
        arguments.addAll(List.of(more));
        return execute(arguments.toArray(String[]::new));
    }

    private int execute(String... arguments) {
        CommandLine commandLine = Carenet.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(arguments);
    }
}
