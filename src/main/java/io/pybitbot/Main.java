package io.pybitbot;

import io.pybitbot.cli.BacktestCommand;
import io.pybitbot.cli.ConfigCommand;
import io.pybitbot.cli.DownloadCommand;
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
        subcommands = {CommandLine.HelpCommand.class, ConfigCommand.class, io.pybitbot.cli.RunCommand.class,
                BacktestCommand.class, io.pybitbot.cli.DownloadCommand.class, io.pybitbot.cli.SimCommand.class,
                io.pybitbot.cli.JournalCommand.class, io.pybitbot.cli.OpsCommands.Status.class,
                io.pybitbot.cli.OpsCommands.Halt.class, io.pybitbot.cli.OpsCommands.Resume.class,
                io.pybitbot.cli.OpsCommands.Pause.class,
                io.pybitbot.cli.OpsCommands.Flatten.class, io.pybitbot.cli.ClusterCommand.class,
                io.pybitbot.cli.InitCommand.class, io.pybitbot.cli.ListStrategiesCommand.class,
                io.pybitbot.cli.ShowConfigCommand.class})
public final class Main implements Runnable {

    static {
        AsyncCallbacks.pooled();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Global: wins over general.json system.log_level. */
    @CommandLine.Option(names = "--log-level", paramLabel = "LEVEL", scope = CommandLine.ScopeType.INHERIT,
            description = "Root log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF (overrides general.json).")
    void setLogLevel(String level) {
        if (level == null) {
            return; // picocli's reset to the (absent) default
        }
        try {
            io.pybitbot.config.LogLevels.applyFlag(level);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The full command tree with exit-code mapping; tests drive it without {@code System.exit}. */
    public static CommandLine commandLine() {
        return asUserSeesIt(new CommandLine(new Main()));
    }

    /** Exit codes and one-line errors as the real command line has them (tests run single commands this way). */
    public static CommandLine asUserSeesIt(CommandLine cl) {
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        cl.setExecutionExceptionHandler(Main::onFailure);
        cl.setParameterExceptionHandler(Main::onBadArguments);
        return cl;
    }

    /** A wrong option or value: the message and where to look, not eighty lines of usage above it. */
    private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("see: " + cmd.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return cmd.getExitCodeExceptionMapper() != null ? cmd.getExitCodeExceptionMapper().getExitCode(e)
                : ExitCodes.USAGE;
    }

    /**
     * A command failed: print what went wrong, without a stack trace for the user's own mistakes
     * (usage, configuration, input data); other failures also go to the log with their stack trace.
     */
    private static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        java.io.PrintWriter err = cmd.getErr();
        int code = ExitCodes.forException(e);
        if (e instanceof io.pybitbot.config.ConfigException ce) {
            ce.problems().forEach(p -> err.println(p.render()));
        } else if (code == ExitCodes.USAGE || e instanceof io.pybitbot.journal.JournalException
                || e instanceof ExitCodes.RuntimeProblem) {
            err.println("error: " + e.getMessage());
        } else {
            err.println("error: " + e);
            org.slf4j.LoggerFactory.getLogger(Main.class).error("{} failed", cmd.getCommandName(), e);
        }
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
