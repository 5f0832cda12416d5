package io.pybitbot.cli;

/** The process exit codes other tools rely on. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int RUNTIME_FAILURE = 1;
    public static final int USAGE = 2;

    private ExitCodes() {
    }

    /** Usage, configuration and input-data problems exit 2; anything else that escapes a command exits 1. */
    public static int forException(Throwable t) {
        if (t instanceof picocli.CommandLine.ParameterException || t instanceof UsageException
                || t instanceof io.pybitbot.config.ConfigException || t instanceof io.pybitbot.data.DataException) {
            return USAGE;
        }
        if (t instanceof io.pybitbot.journal.JournalException j) {
            return j.usage() ? USAGE : RUNTIME_FAILURE;
        }
        return RUNTIME_FAILURE;
    }

    /**
     * Thrown for a runtime failure the operator can fix outside the bot (no network, an exchange that does not
     * answer): one line, exit 1, no stack trace.
     */
    public static final class RuntimeProblem extends RuntimeException {
        public RuntimeProblem(String message) {
            super(message);
        }
    }

    /** Thrown by commands for bad usage or configuration; mapped to exit code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
