package io.pybitbot.cli;

import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigLoader;
import io.pybitbot.config.StrategySchemas;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code --config-dir} and {@code --env-file} options, for every command that needs the
 * configuration: {@code @Mixin ConfigOptions config;} then {@code AppConfig c = config.load();}
 * (throws {@link io.pybitbot.config.ConfigException}; exit code 2). Without {@code --config-dir} the configuration
 * is found the same way wherever the bot is started ({@link ConfigHome}).
 */
public final class ConfigOptions {

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = {"Directory with general.json, strategy.json, execution.json, indicators.json (default: the",
                    "first of $PYBIT_HOME/configs, ./configs and the configs/ of the checkout the jar was built in)."})
    Path configDir;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = {"The .env file with BYBIT_API_KEY etc. (default: .env next to configs/); may be absent,",
                    "but one named here must exist in testnet and live mode."})
    Path envFile;

    private ConfigHome home;

    private Map<String, String> env = io.pybitbot.config.Variables.processEnvironment();
    private Properties systemProperties = System.getProperties();
    private StrategySchemas registry = io.pybitbot.strategy.StrategyRegistry.load().schemas();

    public Path configDir() {
        return configDir != null ? configDir : home().configDir();
    }

    public Path envFile() {
        if (envFile != null) {
            return envFile;
        }
        return configDir != null ? Path.of(".env") : home().envFile();
    }

    /**
     * Where application.conf and a relative data_dir are read from: the home found for the configuration, or the
     * working directory when {@code --config-dir} names one.
     */
    public Path workingDir() {
        return configDir != null ? Path.of("") : home().home();
    }

    /** For tests: the home as if looked up from elsewhere. */
    void useHome(ConfigHome home) {
        this.home = home;
    }

    /** The home lookup, done once (the environment may be replaced for tests first). */
    public ConfigHome home() {
        if (home == null) {
            home = ConfigHome.resolve(env);
        }
        return home;
    }

    /** Replaces the process environment and JVM properties, for tests. */
    public void environment(Map<String, String> env, Properties systemProperties) {
        this.env = env;
        this.systemProperties = systemProperties;
        this.home = null;
    }

    /** Registers strategies beyond the built-in ones before loading. */
    public void registry(StrategySchemas registry) {
        this.registry = registry;
    }

    /**
     * Prints every problem, one per line, then a count, to {@code err}, and returns the exit code
     * for a configuration error. Commands catch {@link io.pybitbot.config.ConfigException} from
     * {@link #load()} and return this, so the user sees the problems rather than a stack trace.
     */
    public int reportProblems(io.pybitbot.config.ConfigException e, java.io.PrintWriter err) {
        if (configDir == null && !home().found()) {
            err.println("no configs/ with a general.json found; looked in "
                    + String.join(", ", home().looked().stream().map(Path::toString).toList())
                    + " (give --config-dir DIR, set " + ConfigHome.ENV_VAR + " to the folder holding configs/, or write"
                    + " a starter one with `pybit-bot init DIR`)");
        }
        for (io.pybitbot.config.ConfigProblem p : e.problems()) {
            err.println(p.render());
        }
        err.println(e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s")
                + " in the configuration (" + configDir() + ", " + envFile() + ")");
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * Only the .env.example keys (environment over .env), for commands that need no other
     * configuration; throws {@link io.pybitbot.config.ConfigException} like {@link #load()}.
     */
    public io.pybitbot.config.EnvSettings loadEnv() {
        return io.pybitbot.config.EnvSettings.load(env, envFile());
    }

    /** Loads and validates everything once. */
    public AppConfig load() {
        AppConfig cfg = new ConfigLoader(registry, env, systemProperties, workingDir()).load(configDir(), envFile());
        io.pybitbot.config.TradingMode mode = cfg.general().mode();
        // with real keys at stake a file the user named must be there: the keys may come from the environment while
        // the BYBIT_TESTNET / BYBIT_DEMO switches were in the file, and a typo would lose them without a word
        if (envFile != null && mode.needsKeys() && !java.nio.file.Files.isRegularFile(envFile)) {
            throw new io.pybitbot.config.ConfigException(List.of(new io.pybitbot.config.ConfigProblem(
                    envFile.toString(), "", "no such file (named by --env-file); in " + mode.code() + " mode the keys"
                    + " and the BYBIT_TESTNET / BYBIT_DEMO switches are read from it")));
        }
        return cfg;
    }
}
