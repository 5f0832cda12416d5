package io.pybitbot.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Bybit API credentials and the testnet flag, from the environment or {@code .env}.
 * {@link #toString()} shows only whether each key is present.
 *
 * @param apiKey    {@code BYBIT_API_KEY}, absent when unset or empty
 * @param apiSecret {@code BYBIT_API_SECRET}, absent when unset or empty
 * @param testnet   {@code BYBIT_TESTNET}, absent when unset or empty
 */
public record Credentials(Optional<Secret> apiKey, Optional<Secret> apiSecret, Optional<Boolean> testnet) {

    public static final String API_KEY = "BYBIT_API_KEY";
    public static final String API_SECRET = "BYBIT_API_SECRET";
    public static final String TESTNET = "BYBIT_TESTNET";

    public Credentials {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
        Objects.requireNonNull(testnet, "testnet");
    }

    public static Credentials none() {
        return new Credentials(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Both the key and the secret are set. */
    public boolean hasKeys() {
        return apiKey.isPresent() && apiSecret.isPresent();
    }

    @Override
    public String toString() {
        return "Credentials[" + API_KEY + "=" + (apiKey.isPresent() ? "***" : "<unset>")
                + ", " + API_SECRET + "=" + (apiSecret.isPresent() ? "***" : "<unset>")
                + ", " + TESTNET + "=" + testnet.map(String::valueOf).orElse("<unset>") + "]";
    }
}
