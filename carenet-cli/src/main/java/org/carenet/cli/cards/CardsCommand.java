package org.carenet.cli.cards;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carenet cards}: patient cards, issued by the network's operator. */
@Command(
        name = "cards",
        mixinStandardHelpOptions = true,
        description = "Patient cards, issued by the network operator.",
        subcommands = {CardsIssueCommand.class})
public final class CardsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command: issue");
    }
}
