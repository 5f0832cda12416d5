package io.pybitbot.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Which exchange a command talks to, decided once from the mode and the variables (see
 * {@link EnvSettings#target}). The hosts themselves are the venue adapter's business; this says which
 * network and why.
 *
 * @param network  the network chosen
 * @param baseUrl  the http(s) base URL, only for {@link Network#CUSTOM}
 * @param chosenBy what decided it, for the banner: {@code mode testnet}, {@code BYBIT_DEMO=true (.env line 5)}
 */
public record ExchangeTarget(Network network, Optional<URI> baseUrl, String chosenBy) {

    public enum Network {
        /** Bybit mainnet: real orders, real money. */
        MAINNET,
        /** Bybit demo trading: a separate paper account with mainnet prices. */
        DEMO,
        /** Bybit testnet: test money, test prices. */
        TESTNET,
        /** Any Bybit V5 compatible server at {@code BYBIT_BASE_URL}, e.g. a standalone {@code sim}. */
        CUSTOM,
        /** The simulator {@code run} starts in-process on a free loopback port (sim mode). */
        BUILT_IN_SIMULATOR
    }

    public ExchangeTarget {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(chosenBy, "chosenBy");
        if ((network == Network.CUSTOM) != baseUrl.isPresent()) {
            throw new IllegalArgumentException("a base URL goes with the custom network, and only with it");
        }
    }

    public static ExchangeTarget of(Network network, String chosenBy) {
        return new ExchangeTarget(network, Optional.empty(), chosenBy);
    }

    public static ExchangeTarget custom(URI baseUrl, String chosenBy) {
        return new ExchangeTarget(Network.CUSTOM, Optional.of(baseUrl), chosenBy);
    }
}
