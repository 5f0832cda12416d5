package io.pybitbot.risk;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Sizing parameters (execution.json {@code sizing} and {@code leverage}). Only the field of the chosen
 * mode must be set; the others may be zero.
 *
 * @param fixedNotionalUsdt {@code sizing.fixed_notional_usdt}
 * @param equityPct         {@code sizing.equity_pct}, a fraction (0.05 = 5 %)
 * @param riskPerTradePct   {@code sizing.risk_per_trade_pct}, a fraction (0.01 = 1 %)
 * @param leverage          {@code leverage}: set on the exchange, and caps notional at equity * leverage
 */
public record SizingRule(SizingMode mode, BigDecimal fixedNotionalUsdt, double equityPct, double riskPerTradePct,
                         BigDecimal leverage) {

    public SizingRule {
        Objects.requireNonNull(mode, "sizing.mode");
        Objects.requireNonNull(leverage, "leverage");
        fixedNotionalUsdt = fixedNotionalUsdt == null ? BigDecimal.ZERO : fixedNotionalUsdt;
        if (leverage.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("leverage must be >= 1, got " + leverage.toPlainString());
        }
        switch (mode) {
            case FIXED_NOTIONAL -> {
                if (fixedNotionalUsdt.signum() <= 0) {
                    throw new IllegalArgumentException("sizing.fixed_notional_usdt must be > 0 for mode fixed_notional, got "
                            + fixedNotionalUsdt.toPlainString());
                }
            }
            case EQUITY_PCT -> requireFraction(equityPct, "sizing.equity_pct");
            case RISK_PER_TRADE -> requireFraction(riskPerTradePct, "sizing.risk_per_trade_pct");
            default -> throw new IllegalStateException("unhandled sizing mode " + mode);
        }
    }

    private static void requireFraction(double v, String name) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be a fraction in (0, 1] (0.01 = 1%), got " + v);
        }
    }

    public static SizingRule fixedNotional(BigDecimal usdt, BigDecimal leverage) {
        return new SizingRule(SizingMode.FIXED_NOTIONAL, usdt, 0, 0, leverage);
    }

    public static SizingRule equityPct(double pct, BigDecimal leverage) {
        return new SizingRule(SizingMode.EQUITY_PCT, BigDecimal.ZERO, pct, 0, leverage);
    }

    public static SizingRule riskPerTrade(double pct, BigDecimal leverage) {
        return new SizingRule(SizingMode.RISK_PER_TRADE, BigDecimal.ZERO, 0, pct, leverage);
    }
}
