package io.pybitbot.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The resolved Typesafe (HOCON) configuration for Pekko and the runtime, and where it came from.
 *
 * <p>Resolution, highest priority first: JVM system properties ({@code -Dpekko.x=y}); the file
 * named by {@code -Dconfig.file}, else {@code application.conf} in the parent of the config
 * directory, else {@code application.conf} in the working directory; then the defaults packaged
 * in the jar ({@code reference.conf} of Pekko and of this project).
 *
 * @param config   the resolved configuration, to pass to {@code ActorSystem.create}
 * @param source   the application.conf used, if any
 * @param settings the typed {@code pybit.*} block
 */
public record RuntimeConfig(Config config, Optional<Path> source, RuntimeSettings settings) {

    /**
     * Pekko logs through SLF4J. Also in our reference.conf, but in the fat jar the merged
     * reference.conf may list Pekko's own defaults after ours, so these are layered explicitly.
     */
    /** A node's essentials over Pekko's defaults, so a node also runs without an application.conf. */
    private static final Config NODE_DEFAULTS = ConfigFactory.parseResources(RuntimeConfig.class,
            "node-defaults.conf", ConfigParseOptions.defaults().setAllowMissing(false));

    public RuntimeConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param configDir        the JSON config directory; its parent is searched for application.conf
     * @param workingDir       the second place searched
     * @param systemProperties the JVM properties ({@code config.file} and overrides)
     * @throws io.pybitbot.config.ConfigException with the file and line of malformed HOCON
     */
    public static RuntimeConfig load(Path configDir, Path workingDir, Properties systemProperties) {
        Problems problems = new Problems();
        RuntimeConfig rc = load(configDir, workingDir, systemProperties, problems);
        problems.throwIfAny();
        return rc;
    }

    static RuntimeConfig load(Path configDir, Path workingDir, Properties systemProperties, Problems problems) {
        Optional<Path> file = locate(configDir, workingDir, systemProperties, problems);
        String fileName = file.map(f -> String.valueOf(f.getFileName())).orElse("reference.conf");
        Config app = ConfigFactory.empty();
        if (file.isPresent()) {
            try {
                app = ConfigFactory.parseFile(file.get().toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                problems.add(describe(fileName, e));
            }
        }
        Config resolved;
        try {
            Config overrides = ConfigFactory.parseProperties(systemProperties,
                    ConfigParseOptions.defaults().setOriginDescription("system properties"));
            resolved = overrides.withFallback(app).withFallback(NODE_DEFAULTS).withFallback(ConfigFactory.defaultReference())
                    .resolve(ConfigResolveOptions.defaults());
        } catch (ConfigException e) {
            problems.add(describe(fileName, e));
            resolved = ConfigFactory.defaultReference();
        }
        RuntimeSettings settings = RuntimeSettings.read(resolved, fileName, problems);
        return new RuntimeConfig(resolved, file, settings);
    }

    private static Optional<Path> locate(Path configDir, Path workingDir, Properties props, Problems problems) {
        String explicit = props.getProperty("config.file");
        if (explicit != null) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) {
                problems.add(String.valueOf(p.getFileName()), "", "not found at " + p.toAbsolutePath()
                        + " (named by -Dconfig.file), expected a HOCON file");
                return Optional.empty();
            }
            return Optional.of(p);
        }
        Path parent = configDir.toAbsolutePath().normalize().getParent();
        for (Path dir : parent == null ? List.of(workingDir) : List.of(parent, workingDir)) {
            Path candidate = dir.resolve("application.conf");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static ConfigProblem describe(String fileName, ConfigException e) {
        String where = e.origin() != null && e.origin().lineNumber() > 0 ? "line " + e.origin().lineNumber() : "";
        String msg = e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (msg.startsWith(prefix)) {
                msg = msg.substring(prefix.length());
            }
        }
        return new ConfigProblem(fileName, where, "malformed HOCON: " + msg);
    }

    /** Overrides for tests and tools: {@code key=value} pairs on top of this configuration. */
    public RuntimeConfig withOverrides(Map<String, ?> overrides) {
        return new RuntimeConfig(ConfigFactory.parseMap(overrides).withFallback(config), source, settings);
    }
}
