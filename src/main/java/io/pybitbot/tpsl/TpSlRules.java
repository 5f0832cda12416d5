package io.pybitbot.tpsl;

import java.util.Objects;

/**
 * How protective levels are set and moved (execution.json {@code tpsl_manager}). Fractions are
 * fractions: {@code 0.01} is 1 %.
 *
 * @param stopMode              where the initial stop and target come from
 * @param stopLossPct           PERCENT mode: stop distance as a fraction of entry (&gt; 0)
 * @param takeProfitPct         PERCENT mode: target distance as a fraction of entry; 0 = no target
 * @param stopAtrMultiple       ATR mode: stop distance in ATRs (&gt; 0)
 * @param takeProfitAtrMultiple ATR mode: target distance in ATRs; 0 = no target
 */
public record TpSlRules(StopMode stopMode, double stopLossPct, double takeProfitPct, double stopAtrMultiple,
                        double takeProfitAtrMultiple, TrailingRule trailing, BreakEvenRule breakEven) {

    public TpSlRules {
        Objects.requireNonNull(stopMode, "tpsl_manager.stop_mode");
        trailing = trailing == null ? TrailingRule.DISABLED : trailing;
        breakEven = breakEven == null ? BreakEvenRule.DISABLED : breakEven;
        if (stopMode == StopMode.PERCENT) {
            requireFraction(stopLossPct, "tpsl_manager.stop_loss_pct", false);
            requireFraction(takeProfitPct, "tpsl_manager.take_profit_pct", true);
        }
        if (stopMode == StopMode.ATR) {
            requireMultiple(stopAtrMultiple, "tpsl_manager.stop_atr_multiple", false);
            requireMultiple(takeProfitAtrMultiple, "tpsl_manager.take_profit_atr_multiple", true);
        }
    }

    /** Stops and targets from the signal, no trailing, no break-even. */
    public static TpSlRules signalOnly() {
        return new TpSlRules(StopMode.SIGNAL, 0, 0, 0, 0, TrailingRule.DISABLED, BreakEvenRule.DISABLED);
    }

    public static TpSlRules percent(double stopLossPct, double takeProfitPct) {
        return new TpSlRules(StopMode.PERCENT, stopLossPct, takeProfitPct, 0, 0, TrailingRule.DISABLED,
                BreakEvenRule.DISABLED);
    }

    public static TpSlRules atr(double stopAtrMultiple, double takeProfitAtrMultiple) {
        return new TpSlRules(StopMode.ATR, 0, 0, stopAtrMultiple, takeProfitAtrMultiple, TrailingRule.DISABLED,
                BreakEvenRule.DISABLED);
    }

    public TpSlRules withTrailing(TrailingRule rule) {
        return new TpSlRules(stopMode, stopLossPct, takeProfitPct, stopAtrMultiple, takeProfitAtrMultiple, rule,
                breakEven);
    }

    public TpSlRules withBreakEven(BreakEvenRule rule) {
        return new TpSlRules(stopMode, stopLossPct, takeProfitPct, stopAtrMultiple, takeProfitAtrMultiple, trailing,
                rule);
    }

    /** True when planning needs the ATR at entry. */
    public boolean needsAtr() {
        return stopMode == StopMode.ATR || trailing.enabled() || breakEven.enabled();
    }

    private static void requireFraction(double v, String name, boolean zeroAllowed) {
        boolean ok = zeroAllowed ? v >= 0 && v < 1 : v > 0 && v < 1;
        if (!ok) {
            throw new IllegalArgumentException(name + " must be a fraction " + (zeroAllowed ? "in [0, 1)" : "in (0, 1)")
                    + " (0.01 = 1%), got " + v);
        }
    }

    private static void requireMultiple(double v, String name, boolean zeroAllowed) {
        boolean ok = (zeroAllowed ? v >= 0 : v > 0) && !Double.isInfinite(v);
        if (!ok) {
            throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? ">= 0" : "> 0") + ", got " + v);
        }
    }
}
