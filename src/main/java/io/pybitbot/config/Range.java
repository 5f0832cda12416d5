package io.pybitbot.config;

/** A numeric interval a config value must fall in, with how it is described to the user. */
record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {

    static final Range FRACTION = new Range(0, false, 1, true);
    static final Range POSITIVE = new Range(0, false, Double.POSITIVE_INFINITY, false);
    static final Range NON_NEGATIVE = new Range(0, true, Double.POSITIVE_INFINITY, false);

    static Range closed(double min, double max) {
        return new Range(min, true, max, true);
    }

    static Range openClosed(double min, double max) {
        return new Range(min, false, max, true);
    }

    static Range atLeast(double min) {
        return new Range(min, true, Double.POSITIVE_INFINITY, false);
    }

    boolean contains(double v) {
        if (!Double.isFinite(v)) {
            return false;
        }
        boolean aboveMin = minInclusive ? v >= min : v > min;
        boolean belowMax = maxInclusive ? v <= max : v < max;
        return aboveMin && belowMax;
    }

    String describe() {
        if (max == Double.POSITIVE_INFINITY) {
            return (minInclusive ? ">= " : "> ") + fmt(min);
        }
        return "in " + (minInclusive ? "[" : "(") + fmt(min) + ", " + fmt(max) + (maxInclusive ? "]" : ")");
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
