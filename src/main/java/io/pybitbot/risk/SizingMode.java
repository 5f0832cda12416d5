package io.pybitbot.risk;

import java.util.Locale;

/** How an entry's size is chosen (execution.json {@code sizing.mode}). */
public enum SizingMode {
    /** notional = {@code fixed_notional_usdt}. */
    FIXED_NOTIONAL,
    /** notional = equity * {@code equity_pct} (leverage does not multiply it; it only caps it). */
    EQUITY_PCT,
    /** qty = equity * {@code risk_per_trade_pct} / |entry - stop|: the stop loses that fraction of equity. */
    RISK_PER_TRADE;

    /** Parses {@code fixed_notional}, {@code equity_pct}, {@code risk_per_trade} (case-insensitive). */
    public static SizingMode parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("sizing.mode is missing, expected fixed_notional, equity_pct or risk_per_trade");
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fixed_notional" -> FIXED_NOTIONAL;
            case "equity_pct" -> EQUITY_PCT;
            case "risk_per_trade" -> RISK_PER_TRADE;
            default -> throw new IllegalArgumentException("sizing.mode '" + value
                    + "' is unknown, expected fixed_notional, equity_pct or risk_per_trade");
        };
    }
}
