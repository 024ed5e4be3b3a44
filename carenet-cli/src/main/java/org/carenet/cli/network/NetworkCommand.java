package org.carenet.cli.network;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carenet network}: commands on a whole network on this machine. */
@Command(
        name = "network",
        mixinStandardHelpOptions = true,
        description = "A whole network of hospitals on this machine.",
        subcommands = {NetworkStartCommand.class})
public final class NetworkCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command: start");
    }
}
