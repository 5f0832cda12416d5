package io.pybitbot.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The variables every command reads ({@code BYBIT_*} and the like), resolved in one way: a process
 * environment variable that is set and non-empty wins, else the {@code .env} value if non-empty, else
 * unset. An empty value counts as unset in both places, as {@code .env.example} documents.
 *
 * <p>Each value remembers where it came from, so a problem names {@code .env} and the line or the
 * environment variable. {@link #toString()} shows keys only: values may be secrets.
 */
public final class Variables {

    private final Map<String, String> environment;
    private final DotEnv.Result dotEnv;
    private final String envFileName;

    /**
     * One variable's value and origin.
     *
     * @param key             the variable's name
     * @param value           the raw value, never empty
     * @param fromEnvironment true when the process environment set it (it won over .env)
     */
    public record Value(String key, String value, boolean fromEnvironment, String file, String where) {

        /** Where the value came from, for messages: {@code .env line 4} or {@code environment variable BYBIT_DEMO}. */
        public String origin() {
            return fromEnvironment ? "environment variable " + key : file + (where.isEmpty() ? "" : " " + where);
        }

        /** A problem with this value, naming the .env line or the environment variable. */
        public ConfigProblem problem(String message) {
            return fromEnvironment ? new ConfigProblem("environment variable " + key, "", message)
                    : new ConfigProblem(file, where, key + ": " + message);
        }

        @Override
        public String toString() {
            return "Value[" + key + " from " + origin() + "]"; // the value may be a secret
        }
    }

    /**
     * @param environment the process environment (or a test's map)
     * @param dotEnv      the parsed .env file
     * @param envFileName the .env file's name as the user knows it, for messages
     */
    public Variables(Map<String, String> environment, DotEnv.Result dotEnv, String envFileName) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.dotEnv = Objects.requireNonNull(dotEnv, "dotEnv");
        this.envFileName = Objects.requireNonNull(envFileName, "envFileName");
    }

    /** The real process environment: the only place the program reads it. */
    public static Map<String, String> processEnvironment() {
        return System.getenv();
    }

    public Optional<Value> get(String key) {
        String fromEnv = environment.get(key);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Optional.of(new Value(key, fromEnv, true, "environment", key));
        }
        String fromFile = dotEnv.values().get(key);
        if (fromFile == null || fromFile.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Value(key, fromFile, false, envFileName, dotEnv.whereIs(key)));
    }

    public DotEnv.Result dotEnv() {
        return dotEnv;
    }

    @Override
    public String toString() {
        return "Variables[.env keys=" + dotEnv.values().keySet() + "]";
    }
}
