package io.pybitbot.download;

/** A download of one symbol failed at run time (exchange error, network); the message names the cause. */
public final class DownloadException extends RuntimeException {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }

    private boolean unreachable;

    /** The exchange could not be reached at all: trying the other symbols would fail the same way. */
    public DownloadException unreachable() {
        this.unreachable = true;
        return this;
    }

    public boolean isUnreachable() {
        return unreachable;
    }
}
