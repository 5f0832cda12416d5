package io.pybitbot.data;

/** Bad or missing market data; the message names the source and what was wrong. */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
