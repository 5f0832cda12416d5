package io.pybitbot.exchange.bybit;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * Reads {@code BYBIT_API_KEY} / {@code BYBIT_API_SECRET} from a variables map (environment merged
     * with .env). Empty when either is missing or blank: public endpoints still work without keys.
     */
    public static Optional<ApiCredentials> fromVariables(Map<String, String> vars) {
        String key = vars.get("BYBIT_API_KEY");
        String secret = vars.get("BYBIT_API_SECRET");
        if (key == null || secret == null || key.isBlank() || secret.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ApiCredentials(key.trim(), secret.trim()));
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
