package io.pybitbot.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;

/**
 * Sets the root log level at run time. The {@code --log-level} flag wins over
 * {@code general.json $.system.log_level}, which wins over logback.xml.
 *
 * <p>The root logger is process-wide state, so this is too: {@link #applyFlag} records that the
 * flag was given so a later {@link #applyConfigured} leaves the level alone.
 */
public final class LogLevels {

    private static volatile String flagLevel;

    private LogLevels() {
    }

    /** Parses TRACE, DEBUG, INFO, WARN, ERROR or OFF (any case). */
    public static Level parse(String level) {
        String up = level == null ? "" : level.trim().toUpperCase(Locale.ROOT);
        if (!GeneralJson.LOG_LEVELS.contains(up)) {
            throw new IllegalArgumentException("unknown log level '" + level + "', expected one of "
                    + String.join(", ", GeneralJson.LOG_LEVELS));
        }
        return Level.toLevel(up);
    }

    /** From the command line: set now and keep it over the configured level. */
    public static void applyFlag(String level) {
        Level l = parse(level);
        flagLevel = l.levelStr;
        setRoot(l);
    }

    /** From general.json: applied unless a flag set the level. Returns the level in effect. */
    public static String applyConfigured(String level) {
        String flag = flagLevel;
        if (flag != null) {
            return flag;
        }
        Level l = parse(level);
        setRoot(l);
        return l.levelStr;
    }

    /** The level the flag set, if it was given. */
    public static Optional<String> flag() {
        return Optional.ofNullable(flagLevel);
    }

    /** The root logger's level, or empty when SLF4J is not bound to Logback. */
    public static Optional<String> rootLevel() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            return Optional.ofNullable(root.getLevel()).map(l -> l.levelStr);
        }
        return Optional.empty();
    }

    /** The file the log goes to (logback.xml's rolling file appender, behind its async queue), if any. */
    public static Optional<java.nio.file.Path> logFile() {
        if (!(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root)) {
            return Optional.empty();
        }
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            var appender = it.next();
            if (appender instanceof ch.qos.logback.core.AsyncAppenderBase<?> async) {
                for (var inner = async.iteratorForAppenders(); inner.hasNext(); ) {
                    if (inner.next() instanceof ch.qos.logback.core.FileAppender<?> file && file.getFile() != null) {
                        return Optional.of(java.nio.file.Path.of(file.getFile()).toAbsolutePath().normalize());
                    }
                }
            } else if (appender instanceof ch.qos.logback.core.FileAppender<?> file && file.getFile() != null) {
                return Optional.of(java.nio.file.Path.of(file.getFile()).toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /** Forgets the flag; for tests that exercise the precedence. */
    static void clearFlag() {
        flagLevel = null;
    }

    private static void setRoot(Level level) {
        // with another SLF4J binding there is nothing to set; its own configuration rules
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(level);
        }
    }
}
