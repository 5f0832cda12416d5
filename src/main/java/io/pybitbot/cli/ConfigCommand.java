package io.pybitbot.cli;

import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigException;
import io.pybitbot.config.StrategyConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code config ...}: commands about the configuration. */
@Command(name = "config",
        description = "Inspect the configuration.",
        mixinStandardHelpOptions = true,
        subcommands = {ConfigCommand.Check.class})
public final class ConfigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (try 'config check')");
    }

    /**
     * {@code config check}: loads configs/*.json, .env and application.conf exactly as {@code run}
     * would; prints a summary and OK (exit 0), or every problem, one per line on stderr (exit 2).
     */
    @Command(name = "check",
            description = {"Validate configs/*.json, .env and application.conf and print every problem.",
                    "Exit code 0 when the configuration is usable, 2 when it is not."},
            mixinStandardHelpOptions = true)
    public static final class Check implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        /** Uses {@code env} and {@code systemProperties} instead of the process's own (for tests). */
        public Check environment(Map<String, String> env, Properties systemProperties) {
            options.environment(env, systemProperties);
            return this;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AppConfig config;
            try {
                config = options.load();
            } catch (ConfigException e) {
                return options.reportProblems(e, err);
            }
            summary(config, out);
            out.println("OK");
            out.flush();
            return ExitCodes.OK;
        }

        private static void summary(AppConfig c, PrintWriter out) {
            var g = c.general();
            out.println("config dir:   " + c.configDir().toAbsolutePath().normalize());
            out.println("env file:     " + c.envFile().map(p -> p.toAbsolutePath().normalize().toString())
                    .orElse("(none)"));
            out.println("runtime conf: " + c.runtime().source().map(p -> p.toAbsolutePath().normalize().toString())
                    .orElse("(packaged defaults)"));
            out.println("mode:         " + g.mode().code() + " (category " + g.category() + ")");
            out.println("journal:      " + (g.mode() == io.pybitbot.config.TradingMode.SIM
                    || g.mode() == io.pybitbot.config.TradingMode.PAPER
                    ? "in memory on the built-in simulator (a fresh account every run); with BYBIT_BASE_URL: " + c.journal().describe()
                    : c.journal().describe()));
            out.println("symbols:      " + String.join(", ", g.symbols()));
            out.println("timeframes:   " + g.timeframes().stream().map(i -> i.code()).collect(Collectors.joining(", ")));
            out.println("strategies:   " + describe(c.strategies().all()));
            var sizing = c.execution().sizing();
            out.println("sizing:       " + sizing.mode().code() + ", leverage " + c.execution().leverage()
                    + ", tpsl_manager " + (c.execution().tpslManager().enabled() ? "on" : "off"));
            out.println("API key:      " + (c.credentials().apiKey().isPresent() ? "present" : "absent")
                    + ", API secret: " + (c.credentials().apiSecret().isPresent() ? "present" : "absent")
                    + ", BYBIT_TESTNET: " + c.credentials().testnet().map(String::valueOf).orElse("unset")
                    + ", BYBIT_DEMO: " + c.env().demo().map(String::valueOf).orElse("unset")
                    + ", BYBIT_BASE_URL: " + c.env().baseUrl().map(String::valueOf).orElse("unset"));
            out.println("exchange:     " + String.join("\n", ExchangeHosts.describe(g.mode(), c.exchange(), null)));
            out.println("status:       http://" + g.system().status().host() + ":" + g.system().status().port()
                    + (c.env().statusToken().isPresent() ? " (controls on: STATUS_API_TOKEN present)"
                    : " (read-only: STATUS_API_TOKEN absent)"));
            out.println("alerts:       " + c.env().alerts().describe());
        }

        private static String describe(Map<String, StrategyConfig> all) {
            if (all.isEmpty()) {
                return "(none)";
            }
            return all.values().stream()
                    .map(s -> s.name() + (s.enabled() ? " [enabled, " : " [disabled, ") + "tf " + s.timeframe().code()
                            + ", " + s.symbols().size() + " symbol" + (s.symbols().size() == 1 ? "" : "s") + "]")
                    .collect(Collectors.joining("; "));
        }
    }
}
