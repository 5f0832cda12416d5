package io.pybitbot.tpsl;

import io.pybitbot.domain.Side;

/**
 * Pure TP/SL arithmetic. Every level is rounded to the tick grid in the conservative direction:
 * away from the market, so a rounded level is never better for us than the one asked for. A long's
 * stop rounds down and its target up; a short's stop rounds up and its target down. Trailing and
 * break-even stops only ever tighten.
 */
public final class TpSlCalculator {

    private TpSlCalculator() {
    }

    /** Stop {@code distance} below a long's entry (above a short's), rounded away from entry. */
    public static double stopAt(Side side, double entry, double distance, TickGrid grid) {
        return side == Side.BUY ? grid.floor(entry - distance) : grid.ceil(entry + distance);
    }

    /** Target {@code distance} above a long's entry (below a short's), rounded away from entry. */
    public static double targetAt(Side side, double entry, double distance, TickGrid grid) {
        return side == Side.BUY ? grid.ceil(entry + distance) : grid.floor(entry - distance);
    }

    /** True when {@code candidate} is a tighter stop than {@code current} (NaN = no stop yet). */
    public static boolean tightens(Side side, double candidate, double current) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(current)) {
            return true;
        }
        return side == Side.BUY ? candidate > current : candidate < current;
    }

    /**
     * Bybit-style trailing stop: {@code distance} behind the best price since activation, never
     * loosening. Returns {@code currentStop} unchanged when the trail would not tighten it.
     *
     * @param bestPrice highest price since the trail armed (lowest for a short)
     */
    public static double trail(Side side, double currentStop, double bestPrice, double distance, TickGrid grid) {
        double candidate = side == Side.BUY ? grid.floor(bestPrice - distance) : grid.ceil(bestPrice + distance);
        return tightens(side, candidate, currentStop) ? candidate : currentStop;
    }

    /** True once {@code price} has reached {@code level} in the position's favour. */
    public static boolean reached(Side side, double price, double level) {
        return side == Side.BUY ? price >= level : price <= level;
    }

    /** Stop at entry plus {@code offsetTicks} in the position's favour, rounded away from the market. */
    public static double breakEvenStop(Side side, double entry, int offsetTicks, TickGrid grid) {
        double offset = grid.ticks(offsetTicks);
        return side == Side.BUY ? grid.floor(entry + offset) : grid.ceil(entry - offset);
    }

    /**
     * Plans a new position's levels.
     *
     * @param signalStop   the strategy's stop (SIGNAL mode), NaN for none
     * @param signalTarget the strategy's target (SIGNAL mode), NaN for none
     * @param atr          ATR at entry; required (finite, &gt; 0) when {@link TpSlRules#needsAtr()}
     */
    public static ProtectionPlan plan(TpSlRules rules, Side side, double entry, double signalStop,
                                      double signalTarget, double atr, TickGrid grid) {
        if (rules.needsAtr() && !(atr > 0 && !Double.isInfinite(atr))) {
            throw new IllegalArgumentException("ATR must be a finite number > 0 for stop mode " + rules.stopMode()
                    + " with trailing=" + rules.trailing().enabled() + " break-even=" + rules.breakEven().enabled()
                    + ", got " + atr);
        }
        double stop;
        double target;
        switch (rules.stopMode()) {
            case SIGNAL -> {
                stop = Double.isNaN(signalStop) ? Double.NaN
                        : (side == Side.BUY ? grid.floor(signalStop) : grid.ceil(signalStop));
                target = Double.isNaN(signalTarget) ? Double.NaN
                        : (side == Side.BUY ? grid.ceil(signalTarget) : grid.floor(signalTarget));
            }
            case PERCENT -> {
                stop = stopAt(side, entry, entry * rules.stopLossPct(), grid);
                target = rules.takeProfitPct() > 0 ? targetAt(side, entry, entry * rules.takeProfitPct(), grid)
                        : Double.NaN;
            }
            case ATR -> {
                stop = stopAt(side, entry, atr * rules.stopAtrMultiple(), grid);
                target = rules.takeProfitAtrMultiple() > 0
                        ? targetAt(side, entry, atr * rules.takeProfitAtrMultiple(), grid) : Double.NaN;
            }
            default -> throw new IllegalStateException("unhandled stop mode " + rules.stopMode());
        }
        double trailDistance = Double.NaN;
        double trailActivation = Double.NaN;
        if (rules.trailing().enabled()) {
            // wider distance is the conservative side; at least one tick so the trail is never at the price
            trailDistance = Math.max(grid.ceil(atr * rules.trailing().distanceAtrMultiple()), grid.tick());
            double activationDistance = atr * rules.trailing().activationAtrMultiple();
            trailActivation = activationDistance > 0 ? targetAt(side, entry, activationDistance, grid) : Double.NaN;
        }
        double beTrigger = Double.NaN;
        double beStop = Double.NaN;
        if (rules.breakEven().enabled()) {
            beStop = breakEvenStop(side, entry, rules.breakEven().offsetTicks(), grid);
            beTrigger = targetAt(side, entry, atr * rules.breakEven().triggerAtrMultiple(), grid);
            if (!(side.sign() * (beTrigger - beStop) > 0)) {
                // offset ticks reach past the trigger: the move would stop us out at once, so skip it
                beTrigger = Double.NaN;
                beStop = Double.NaN;
            }
        }
        return new ProtectionPlan(side, entry, stop, target, trailDistance, trailActivation, beTrigger, beStop);
    }
}
