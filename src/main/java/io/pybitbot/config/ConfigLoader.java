package io.pybitbot.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pybitbot.domain.Interval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads {@code configs/*.json}, {@code .env} (under real environment variables) and the runtime
 * HOCON configuration once, checks everything, and returns one immutable {@link AppConfig} or
 * throws a {@link ConfigException} listing every problem found.
 *
 * <p>The environment and system properties are passed in, so tests control them; only the
 * command line passes the real ones.
 */
public final class ConfigLoader {

    public static final Path DEFAULT_CONFIG_DIR = Path.of("configs");
    public static final Path DEFAULT_ENV_FILE = Path.of(".env");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final StrategySchemas registry;
    private final Map<String, String> env;
    private final Properties systemProperties;
    private final Path workingDir;

    /**
     * @param registry         strategies that strategy.json may name, with their parameter schemas
     * @param env              the process environment (overrides .env)
     * @param systemProperties JVM properties ({@code config.file}, HOCON overrides)
     * @param workingDir       where application.conf is looked for after the config dir's parent
     */
    public ConfigLoader(StrategySchemas registry, Map<String, String> env, Properties systemProperties,
                        Path workingDir) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.env = Map.copyOf(env);
        this.systemProperties = (Properties) systemProperties.clone();
        this.workingDir = workingDir;
    }

    /** Built-in strategies, the given environment, no system properties, the current directory. */
    public static AppConfig load(Path configDir, Path envFile, Map<String, String> env) {
        return new ConfigLoader(StrategySchemas.builtIn(), env, new Properties(), Path.of("")).load(configDir, envFile);
    }

    /** What the command line uses: the real environment and JVM properties. */
    public static ConfigLoader forProcess() {
        return new ConfigLoader(StrategySchemas.builtIn(), Variables.processEnvironment(), System.getProperties(), Path.of(""));
    }

    /**
     * @param configDir directory holding general.json, strategy.json, execution.json, indicators.json
     * @param envFile   the .env file; a missing file defines nothing
     * @throws ConfigException listing every problem
     */
    public AppConfig load(Path configDir, Path envFile) {
        Problems problems = new Problems();

        Optional<JsonNode> generalTree = readTree(configDir, GeneralJson.FILE, problems);
        Optional<JsonNode> strategyTree = readTree(configDir, StrategyJson.FILE, problems);
        Optional<JsonNode> executionTree = readTree(configDir, ExecutionJson.FILE, problems);
        Optional<JsonNode> indicatorsTree = readTree(configDir, IndicatorsJson.FILE, problems);

        GeneralConfig general = generalTree
                .map(t -> GeneralJson.read(JsonObjectView.root(problems, GeneralJson.FILE, t), problems))
                .orElse(null);
        StrategiesConfig strategies = strategyTree
                .map(t -> StrategyJson.read(JsonObjectView.root(problems, StrategyJson.FILE, t), registry, general, problems))
                .orElse(new StrategiesConfig(Map.of()));
        ExecutionConfig execution = executionTree
                .map(t -> ExecutionJson.read(JsonObjectView.root(problems, ExecutionJson.FILE, t), problems))
                .orElse(null);
        IndicatorsConfig indicators = indicatorsTree
                .map(t -> IndicatorsJson.read(JsonObjectView.root(problems, IndicatorsJson.FILE, t), problems))
                .orElse(null);

        if (general != null && indicators != null) {
            checkIndicatorCoverage(general, strategies, indicators, problems);
        }

        DotEnv.Result dotEnv = DotEnv.read(envFile);
        problems.addAll(dotEnv.problems());
        String envFileName = String.valueOf(envFile.getFileName());
        Variables variables = new Variables(env, dotEnv, envFileName);
        EnvSettings envSettings = EnvSettings.read(variables, problems);
        if (general != null) {
            envSettings.checkAgainst(general.mode(), envFileName, problems);
        }

        RuntimeConfig runtime = RuntimeConfig.load(configDir, workingDir, systemProperties, problems);
        // without PYBIT_JOURNAL_URL: an H2 file under $.system.data_dir (relative to the working directory), per mode
        JournalConfig journal = general == null ? null : envSettings.journal().orElseGet(() ->
                JournalConfig.h2File(workingDir.resolve(general.system().dataDir()), general.mode(),
                        variables.get(JournalConfig.USER).map(Variables.Value::value),
                        variables.get(JournalConfig.PASSWORD).map(v -> Secret.of(v.value()))));

        problems.throwIfAny();
        return new AppConfig(general, strategies, execution, indicators, envSettings, runtime, journal, configDir,
                dotEnv.present() ? Optional.of(envFile) : Optional.empty());
    }

    private static Optional<JsonNode> readTree(Path dir, String file, Problems problems) {
        Path path = dir.resolve(file);
        try {
            JsonNode tree = JSON.readTree(Files.readString(path));
            if (tree == null || tree.isMissingNode()) {
                problems.add(file, "", "is empty, expected a JSON object");
                return Optional.empty();
            }
            return Optional.of(tree);
        } catch (NoSuchFileException e) {
            problems.add(file, "", "not found at " + path.toAbsolutePath().normalize() + ", expected a JSON file"
                    + " (choose the directory with --config-dir)");
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            problems.add(file, where, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            problems.add(file, "", "cannot be read: " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Every timeframe an enabled strategy decides on needs indicator periods, and enough backfill. */
    private static void checkIndicatorCoverage(GeneralConfig general, StrategiesConfig strategies,
                                               IndicatorsConfig indicators, Problems problems) {
        for (StrategyConfig s : strategies.enabled().values()) {
            Interval tf = s.timeframe();
            Optional<IndicatorParams> params = indicators.find(tf);
            if (params.isEmpty()) {
                problems.add(IndicatorsJson.FILE, "$.timeframes",
                        "no entry for timeframe \"" + tf.code() + "\" used by enabled strategy " + s.name()
                                + ", expected $.timeframes['" + tf.code() + "'] or a $.default entry");
            } else if (params.get().warmupCandles() > general.system().backfillCandles()) {
                problems.add(GeneralJson.FILE, "$.system.backfill_candles", "found "
                        + general.system().backfillCandles() + ", expected at least " + params.get().warmupCandles()
                        + " so the indicators of timeframe \"" + tf.code() + "\" (indicators.json) are warm before "
                        + s.name() + " trades");
            }
        }
    }
}
