package io.pybitbot.indicator;

/** Crossover tests between two series, given their previous and current values. NaN never crosses. */
public final class Cross {

    private Cross() {
    }

    /** True if A was at or below B and is now strictly above it. */
    public static boolean crossedAbove(double prevA, double prevB, double a, double b) {
        return prevA <= prevB && a > b;
    }

    /** True if A was at or above B and is now strictly below it. */
    public static boolean crossedBelow(double prevA, double prevB, double a, double b) {
        return prevA >= prevB && a < b;
    }
}
