package io.pybitbot.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where market data comes from and where orders go ({@code general.json $.mode}). */
public enum TradingMode {
    /** The built-in exchange simulator replaying bundled data; no keys. */
    SIM,
    /** Real Bybit public data, orders filled by the local fill model; no keys. */
    PAPER,
    /** Bybit testnet; needs keys. */
    TESTNET,
    /** Bybit mainnet, real money; needs keys. */
    LIVE;

    /** The word used in {@code general.json}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean needsKeys() {
        return this == TESTNET || this == LIVE;
    }

    static List<String> codes() {
        return Arrays.stream(values()).map(TradingMode::code).toList();
    }

    static TradingMode fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
