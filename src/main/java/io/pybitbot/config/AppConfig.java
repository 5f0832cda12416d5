package io.pybitbot.config;

import com.typesafe.config.Config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the bot is configured with, read once and validated by {@link ConfigLoader}. Pass
 * the parts down; nothing reads config files after startup.
 *
 * @param env        the .env.example keys, resolved (environment over .env) and validated
 * @param journal    where the journal lives (sim and paper runs on a built-in simulator journal in memory)
 * @param configDir  the directory the JSON files came from
 * @param envFile    the .env file, if one existed
 */
public record AppConfig(GeneralConfig general, StrategiesConfig strategies, ExecutionConfig execution,
                        IndicatorsConfig indicators, EnvSettings env, RuntimeConfig runtime,
                        JournalConfig journal, Path configDir, Optional<Path> envFile) {

    public AppConfig {
        Objects.requireNonNull(general, "general");
        Objects.requireNonNull(strategies, "strategies");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(indicators, "indicators");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(envFile, "envFile");
    }

    public Credentials credentials() {
        return env.credentials();
    }

    /** Which exchange this configuration's mode talks to (the one decision every command uses). */
    public ExchangeTarget exchange() {
        return env.target(general.mode());
    }

    /** The resolved Pekko configuration, for {@code ActorSystem.create(guardian, name, pekko())}. */
    public Config pekko() {
        return runtime.config();
    }

    @Override
    public String toString() {
        // the Typesafe Config would print hundreds of lines; credentials print redacted
        return "AppConfig[general=" + general + ", strategies=" + strategies + ", execution=" + execution
                + ", indicators=" + indicators + ", env=" + env + ", runtime=" + runtime.settings() + ", journal=" + journal
                + ", configDir=" + configDir + ", envFile=" + envFile + "]";
    }
}
