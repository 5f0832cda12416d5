package io.pybitbot.exchange.bybit;

/**
 * A Bybit payload that could not be read. The message names what was wrong and carries at most
 * {@value #MAX_EXCERPT} characters of the payload (exchange replies never contain our secret).
 */
public final class BybitParseException extends Exception {

    public static final int MAX_EXCERPT = 200;
    private final String excerpt;

    public BybitParseException(String what, String payload, Throwable cause) {
        super(what + " (payload: " + excerpt(payload) + ")", cause);
        this.excerpt = excerpt(payload);
    }

    public String excerpt() {
        return excerpt;
    }

    /** The payload cut to {@value #MAX_EXCERPT} characters, with newlines flattened for one-line logs. */
    public static String excerpt(String payload) {
        if (payload == null) {
            return "<null>";
        }
        String flat = payload.replace('\n', ' ').replace('\r', ' ');
        return flat.length() <= MAX_EXCERPT ? flat : flat.substring(0, MAX_EXCERPT) + "...(" + flat.length() + " chars)";
    }
}
