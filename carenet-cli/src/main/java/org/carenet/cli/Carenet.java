package org.carenet.cli;

import org.carenet.cli.cards.CardsCommand;
import org.carenet.cli.network.NetworkCommand;
import org.carenet.cli.patient.PatientCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code carenet} command. */
@Command(
        name = "carenet",
        mixinStandardHelpOptions = true,
        versionProvider = Carenet.Version.class,
        description = "Carenet: a network of hospitals that do not trust each other.",
        subcommands = {
            NetworkCommand.class,
            NodeCommand.class,
            CardsCommand.class,
            PatientCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Carenet implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, ready to {@code execute} arguments. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Carenet());
        commandLine.setExecutionExceptionHandler((failure, command, parseResult) -> {
            command.getErr().println("carenet: " + failure.getMessage());
            command.getErr().flush();
            return 1;
        });
        return commandLine;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command: network, node, cards or patient");
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = Carenet.class.getPackage().getImplementationVersion();
            return new String[] {"carenet " + (version == null ? "(development build)" : version)};
        }
    }
}
