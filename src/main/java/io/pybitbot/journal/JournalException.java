package io.pybitbot.journal;

/**
 * The journal cannot be used: unreachable, refused, corrupt or locked. The message is one line naming the
 * file or URL (never a password); {@link #usage()} tells a configuration mistake (exit 2) from a runtime
 * failure (exit 1).
 */
public final class JournalException extends RuntimeException {

    private final boolean usage;

    public JournalException(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }

    /** True when the user must fix the configuration (credentials, URL); false for a failure at run time. */
    public boolean usage() {
        return usage;
    }
}
