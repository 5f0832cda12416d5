package io.pybitbot.tpsl;

import io.pybitbot.domain.Side;
import java.util.Objects;

/**
 * A position's protective levels as absolute prices on the tick grid; NaN means "none". These map
 * one to one onto Bybit's {@code /v5/position/trading-stop}: {@code stopLoss}, {@code takeProfit},
 * {@code trailingStop} (= {@link #trailingDistance}) and {@code activePrice} (= {@link #trailingActivation}).
 *
 * @param side               side of the position (BUY = long)
 * @param entryPrice         average entry price
 * @param trailingActivation price at which the trail arms; NaN with a distance set = armed at once
 * @param breakEvenTrigger   price at which the stop moves to {@link #breakEvenStop}
 */
public record ProtectionPlan(Side side, double entryPrice, double stopLoss, double takeProfit,
                             double trailingDistance, double trailingActivation, double breakEvenTrigger,
                             double breakEvenStop) {

    public ProtectionPlan {
        Objects.requireNonNull(side, "side");
        if (!(entryPrice > 0)) {
            throw new IllegalArgumentException("entry price must be > 0, got " + entryPrice);
        }
        // A stop or target already crossed by the entry fill is allowed on purpose: the fill price can gap past a
        // signal's levels, and the next evaluation then exits at once (at the open), which is the conservative outcome.
        if (!Double.isNaN(trailingDistance) && !(trailingDistance > 0)) {
            throw new IllegalArgumentException("trailing distance must be > 0, got " + trailingDistance);
        }
        if (Double.isNaN(breakEvenTrigger) != Double.isNaN(breakEvenStop)) {
            throw new IllegalArgumentException("break-even needs both a trigger and a stop price, got trigger "
                    + breakEvenTrigger + " and stop " + breakEvenStop);
        }
        if (!Double.isNaN(breakEvenTrigger) && !(side.sign() * (breakEvenTrigger - breakEvenStop) > 0)) {
            // otherwise the move itself would put the stop through the current price
            throw new IllegalArgumentException("break-even trigger " + breakEvenTrigger
                    + " must be beyond the break-even stop " + breakEvenStop + " in the " + side + " direction");
        }
    }

    /** Only a stop and a target (either may be NaN). */
    public static ProtectionPlan fixed(Side side, double entryPrice, double stopLoss, double takeProfit) {
        return new ProtectionPlan(side, entryPrice, stopLoss, takeProfit, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN);
    }

    public boolean hasTrailing() {
        return !Double.isNaN(trailingDistance);
    }

    public boolean hasBreakEven() {
        return !Double.isNaN(breakEvenTrigger);
    }
}
