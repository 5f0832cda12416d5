package io.pybitbot.cli;

import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigLoader;
import io.pybitbot.config.StrategySchemas;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code --config-dir} and {@code --env-file} options, for every command that needs the
 * configuration: {@code @Mixin ConfigOptions config;} then {@code AppConfig c = config.load();}
 * (throws {@link io.pybitbot.config.ConfigException}; exit code 2).
 */
public final class ConfigOptions {

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "configs",
            description = "Directory with general.json, strategy.json, execution.json, indicators.json (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(names = "--env-file", paramLabel = "FILE", defaultValue = ".env",
            description = "The .env file with BYBIT_API_KEY etc.; may be absent (default: ${DEFAULT-VALUE}).")
    Path envFile;

    private Map<String, String> env = io.pybitbot.config.Variables.processEnvironment();
    private Properties systemProperties = System.getProperties();
    private StrategySchemas registry = io.pybitbot.strategy.StrategyRegistry.load().schemas();

    public Path configDir() {
        return configDir;
    }

    public Path envFile() {
        return envFile;
    }

    /** Replaces the process environment and JVM properties, for tests. */
    public void environment(Map<String, String> env, Properties systemProperties) {
        this.env = env;
        this.systemProperties = systemProperties;
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
        for (io.pybitbot.config.ConfigProblem p : e.problems()) {
            err.println(p.render());
        }
        err.println(e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s")
                + " in the configuration (" + configDir + ", " + envFile + ")");
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * Only the .env.example keys (environment over .env), for commands that need no other
     * configuration; throws {@link io.pybitbot.config.ConfigException} like {@link #load()}.
     */
    public io.pybitbot.config.EnvSettings loadEnv() {
        return io.pybitbot.config.EnvSettings.load(env, envFile);
    }

    /** Loads and validates everything once. */
    public AppConfig load() {
        return new ConfigLoader(registry, env, systemProperties, Path.of("")).load(configDir, envFile);
    }
}
