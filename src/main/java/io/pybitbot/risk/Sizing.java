package io.pybitbot.risk;

import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Turns a sizing rule and the account's equity into an order quantity on the instrument's grid.
 *
 * <ol>
 *   <li>Wanted notional: FIXED_NOTIONAL = the fixed amount; EQUITY_PCT = equity * pct; RISK_PER_TRADE =
 *       entry * (equity * pct / |entry - stop|).</li>
 *   <li>Leverage = min(configured, instrument max). Notional is capped (clamped, not denied) at
 *       equity * leverage, and at {@code maxNotional} when the caller passes one.</li>
 *   <li>qty = notional / entry, rounded DOWN to the qty step; clamped to {@code maxOrderQty} (a ceiling,
 *       like leverage: a smaller order is the safe side).</li>
 *   <li>Denied when qty &lt; {@code minOrderQty} (QTY_BELOW_MIN) or qty * entry &lt; {@code minNotional}
 *       (NOTIONAL_BELOW_MIN): rounding up would risk more than configured.</li>
 * </ol>
 */
public final class Sizing {

    private static final MathContext MC = MathContext.DECIMAL64;

    private Sizing() {
    }

    /** Sizes without an extra notional cap. */
    public static Verdict size(SizingRule rule, InstrumentSpec spec, Side side, double equity, BigDecimal entry,
                               BigDecimal stop) {
        return size(rule, spec, side, equity, entry, stop, Double.POSITIVE_INFINITY);
    }

    /**
     * @param equity      account equity, USDT
     * @param entry       expected entry price (on the tick grid)
     * @param stop        protective stop, or null; required by RISK_PER_TRADE
     * @param maxNotional an additional cap on notional (exposure room), USDT; +infinity for none
     */
    public static Verdict size(SizingRule rule, InstrumentSpec spec, Side side, double equity, BigDecimal entry,
                               BigDecimal stop, double maxNotional) {
        String symbol = spec.symbol();
        if (!(equity > 0) || Double.isInfinite(equity)) {
            return new Verdict.Denied(DenyReason.INSUFFICIENT_EQUITY, symbol + ": equity is " + equity);
        }
        if (entry == null || entry.signum() <= 0) {
            return new Verdict.Denied(DenyReason.INVALID_PRICE, symbol + ": entry price must be > 0, got " + entry);
        }
        BigDecimal equityUsdt = BigDecimal.valueOf(equity);
        BigDecimal leverage = rule.leverage().min(spec.maxLeverage());
        BigDecimal wanted;
        switch (rule.mode()) {
            case FIXED_NOTIONAL -> wanted = rule.fixedNotionalUsdt();
            case EQUITY_PCT -> wanted = equityUsdt.multiply(BigDecimal.valueOf(rule.equityPct()));
            case RISK_PER_TRADE -> {
                if (stop == null) {
                    return new Verdict.Denied(DenyReason.INVALID_STOP, symbol + ": risk_per_trade sizing needs a stop-loss");
                }
                BigDecimal distance = entry.subtract(stop).multiply(BigDecimal.valueOf(side.sign()));
                if (distance.signum() <= 0) {
                    return new Verdict.Denied(DenyReason.INVALID_STOP, symbol + ": stop " + stop.toPlainString()
                            + " is not on the loss side of a " + side + " entry at " + entry.toPlainString());
                }
                BigDecimal riskUsdt = equityUsdt.multiply(BigDecimal.valueOf(rule.riskPerTradePct()));
                wanted = riskUsdt.divide(distance, MC).multiply(entry);
            }
            default -> throw new IllegalStateException("unhandled sizing mode " + rule.mode());
        }
        BigDecimal notional = wanted.min(equityUsdt.multiply(leverage));
        if (maxNotional < Double.POSITIVE_INFINITY) {
            notional = notional.min(BigDecimal.valueOf(Math.max(maxNotional, 0)));
        }
        BigDecimal qty = spec.roundQtyDown(notional.divide(entry, MC));
        BigDecimal maxQty = spec.roundQtyDown(spec.maxOrderQty());
        if (qty.compareTo(maxQty) > 0) {
            qty = maxQty;
        }
        if (qty.compareTo(spec.minOrderQty()) < 0) {
            return new Verdict.Denied(DenyReason.QTY_BELOW_MIN, symbol + ": sized qty " + qty.toPlainString()
                    + " (notional " + notional.setScale(2, RoundingMode.HALF_UP).toPlainString() + " USDT at "
                    + entry.toPlainString() + ") is below minOrderQty " + spec.minOrderQty().toPlainString());
        }
        BigDecimal finalNotional = qty.multiply(entry);
        if (finalNotional.compareTo(spec.minNotional()) < 0) {
            return new Verdict.Denied(DenyReason.NOTIONAL_BELOW_MIN, symbol + ": notional "
                    + finalNotional.toPlainString() + " USDT is below minNotional " + spec.minNotional().toPlainString());
        }
        return new Verdict.Approved(qty, leverage, finalNotional);
    }
}
