package io.pybitbot.indicator;

/**
 * The highest of the last {@code period} values (see {@link RollingExtreme}). Matches ta4j's
 * {@code HighestValueIndicator} exactly once both are warmed up.
 */
public final class RollingMax extends RollingExtreme {
    public RollingMax(int period) {
        super("RollingMax", period, true);
    }
}
