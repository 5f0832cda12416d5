package io.pybitbot.indicator;

/** Parameter checks shared by the indicators, failing with the parameter's name and value. */
final class Params {

    private Params() {
    }

    static int requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
        return value;
    }

    static double requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** Rejects NaN and infinite inputs, which would poison running sums for good. */
    static void requireFinite(Object indicator, double x) {
        if (!(Math.abs(x) < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(indicator + ": input must be a finite number, got " + x);
        }
    }

    /** Rejects a non-finite bar or one whose close lies outside [low, high]. */
    static void requireBar(Object indicator, double high, double low, double close) {
        if (!(low <= close && close <= high && high - low < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(indicator + ": inconsistent bar high=" + high + " low=" + low
                    + " close=" + close);
        }
    }

    static void requireVolume(Object indicator, double volume) {
        if (!(volume >= 0 && volume < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(indicator + ": volume must be finite and >= 0, got " + volume);
        }
    }
}
