package io.pybitbot.download;

/** A download of one symbol failed at run time (exchange error, network); the message names the cause. */
public final class DownloadException extends RuntimeException {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
