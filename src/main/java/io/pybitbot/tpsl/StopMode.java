package io.pybitbot.tpsl;

import java.util.Locale;

/** Where a position's initial stop-loss and take-profit come from. */
public enum StopMode {
    /** Use the levels on the strategy's {@link io.pybitbot.domain.Signal} (strategies compute them from ATR). */
    SIGNAL,
    /** A fixed fraction of the entry price: {@code stopLossPct}, {@code takeProfitPct}. */
    PERCENT,
    /** Multiples of the ATR at entry: {@code stopAtrMultiple}, {@code takeProfitAtrMultiple}. */
    ATR;

    /**
     * Parses execution.json's {@code tpsl_manager.stop_mode}: {@code signal}, {@code percent} (or {@code pct}),
     * {@code atr}.
     */
    public static StopMode parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("tpsl_manager.stop_mode is missing, expected signal, percent or atr");
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "signal" -> SIGNAL;
            case "percent", "pct" -> PERCENT;
            case "atr" -> ATR;
            default -> throw new IllegalArgumentException(
                    "tpsl_manager.stop_mode '" + value + "' is unknown, expected signal, percent or atr");
        };
    }
}
