package io.pybitbot.indicator;

/**
 * The lowest of the last {@code period} values (see {@link RollingExtreme}). Matches ta4j's
 * {@code LowestValueIndicator} exactly once both are warmed up.
 */
public final class RollingMin extends RollingExtreme {
    public RollingMin(int period) {
        super("RollingMin", period, false);
    }
}
