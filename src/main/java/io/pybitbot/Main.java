package io.pybitbot;

import io.pybitbot.cli.ExitCodes;
import io.pybitbot.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code target/pybit-bot.jar}. Subcommands are registered in {@link #commandLine()}.
 * Exit codes: 0 success, 2 bad usage or configuration, 1 runtime failure.
 */
@Command(name = "pybit-bot",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Multi-symbol trading bot for Bybit V5 USDT perpetuals, on Apache Pekko.",
        subcommands = {CommandLine.HelpCommand.class, io.pybitbot.cli.SimCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The full command tree with exit-code mapping; tests drive it without {@code System.exit}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
