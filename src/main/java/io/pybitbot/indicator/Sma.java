package io.pybitbot.indicator;

/**
 * Simple moving average of the last {@code period} values.
 *
 * <p>Warm-up: ready after {@code period} values; no partial-window averages are reported. Kept as a
 * running sum, re-summed from the window every {@code period} evictions so that rounding drift cannot
 * accumulate (amortised O(1)). Matches ta4j's {@code SMAIndicator} exactly once both are warmed up
 * (ta4j averages a partial window during its first {@code period - 1} bars).
 */
public final class Sma extends SingleInputIndicator {

    private final int period;
    private final DoubleRing window;
    private double sum;
    private int evictionsSinceResum;
    private double value = Double.NaN;

    public Sma(int period) {
        this.period = Params.requirePositive("period", period);
        this.window = new DoubleRing(period);
    }

    @Override
    public double update(double x) {
        Params.requireFinite(this, x);
        double evicted = window.push(x);
        if (Double.isNaN(evicted)) {
            sum += x;
        } else if (++evictionsSinceResum >= period) {
            sum = window.sum();
            evictionsSinceResum = 0;
        } else {
            sum += x - evicted;
        }
        value = window.isFull() ? sum / period : Double.NaN;
        return value;
    }

    @Override
    public boolean isReady() {
        return window.isFull();
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public void reset() {
        window.clear();
        sum = 0;
        evictionsSinceResum = 0;
        value = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return period;
    }

    public int period() {
        return period;
    }

    @Override
    public String toString() {
        return "Sma(" + period + ")";
    }
}
