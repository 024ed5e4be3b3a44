package org.carenet.cli.cards;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.carenet.card.CardFile;
import org.carenet.card.PatientCard;
import org.carenet.cli.network.NetworkIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code carenet cards issue}: the seed's {@code prepopulate.sh}. Issues a personal card — the patient's network
 * identifier and fresh keys, certified with the operator key of the network in {@code --data} — to a new file.
 */
@Command(
        name = "issue",
        mixinStandardHelpOptions = true,
        description = {
            "Issues a patient card: the patient's network identifier (derived from the name and id under the"
                    + " network's secret; neither is stored) and fresh signing and encryption keys, certified by the"
                    + " network operator's key in --data (both made there for a new network).",
            "With --password the private keys are sealed under a password, asked for on the terminal (or read from"
                    + " standard input when there is none)."
        })
public final class CardsIssueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The patient's full name")
    String name;

    @Option(
            names = "--id",
            required = true,
            paramLabel = "ID",
            description = "The patient's national id (e.g. social security number)")
    String nationalId;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where the card goes (default: DIR/cards/<identifier>.card); never overwritten")
    Path out;

    @Option(
            names = "--password",
            arity = "0..1",
            interactive = true,
            paramLabel = "PASSWORD",
            description = "Seal the card's private keys under a password")
    char[] password;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "run",
            description = "The network's data directory, as for 'network start' (default: ./${DEFAULT-VALUE})")
    Path data;

    @Override
    public Integer call() {
        if (password != null && password.length == 0) {
            throw new ParameterException(spec.commandLine(), "The card's password must not be empty");
        }
        boolean newNetwork = !Files.exists(NetworkIdentity.operatorKeyFile(data));
        PatientCard card;
        try {
            card = PatientCard.issue(
                    NetworkIdentity.operatorKey(data),
                    NetworkIdentity.patientIdSecret(data),
                    name,
                    nationalId,
                    Instant.now(),
                    new SecureRandom());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path file = out != null ? out : data.resolve("cards").resolve(card.patient() + ".card");
        CardFile.write(card, file, password);
        if (password != null) {
            Arrays.fill(password, '\0');
        }
        if (newNetwork) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "No network in %s yet: made its operator key and patient-id secret there%n",
                            data.resolve("network"));
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "Issued a card for patient %s to %s%s%n",
                        card.patient(), file, password != null ? " (password-protected)" : "");
        return 0;
    }
}
