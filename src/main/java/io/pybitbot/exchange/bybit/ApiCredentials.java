package io.pybitbot.exchange.bybit;

import java.util.Objects;

/**
 * A Bybit API key and secret. Both stay out of {@link #toString()} so that a logged config,
 * exception or test failure never prints them.
 */
public record ApiCredentials(String apiKey, String apiSecret) {

    public ApiCredentials {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
        if (apiKey.isBlank() || apiSecret.isBlank()) {
            throw new IllegalArgumentException("Bybit API key and secret must both be non-blank");
        }
    }

    /** First characters of the key only, enough to tell two keys apart in a log line. */
    public String keyHint() {
        return apiKey.length() <= 4 ? "****" : apiKey.substring(0, 4) + "****";
    }

    @Override
    public String toString() {
        return "ApiCredentials[apiKey=" + keyHint() + ", apiSecret=<redacted>]";
    }
}
