package io.pybitbot.indicator;

/**
 * Population standard deviation (divisor {@code period}) of the last {@code period} values.
 *
 * <p>Ready after {@code period} values. Kept as running sums of {@code y = x - shift} and {@code y²},
 * where the shift is the window mean at the last exact recompute: the differences from a nearby
 * shift are exact and small, so the variance {@code (Σy² - (Σy)²/n) / n} does not suffer the
 * catastrophic cancellation that sums of raw squared prices would. Every {@code period} evictions the
 * shift and both sums are recomputed from the window (amortised O(1)) so that rounding drift and a
 * stale shift cannot build up. Matches ta4j's {@code StandardDeviationIndicator}, which is also the
 * population deviation, once both are warmed up.
 */
public final class StdDev extends SingleInputIndicator {

    private final int period;
    private final DoubleRing window;
    private double shift = Double.NaN;
    private double sum;
    private double sumOfSquares;
    private int evictionsSinceRecompute;
    private double value = Double.NaN;

    public StdDev(int period) {
        this.period = Params.requirePositive("period", period);
        this.window = new DoubleRing(period);
    }

    @Override
    public double update(double x) {
        Params.requireFinite(this, x);
        if (Double.isNaN(shift)) {
            shift = x;
        }
        double evicted = window.push(x);
        double y = x - shift;
        if (Double.isNaN(evicted)) {
            sum += y;
            sumOfSquares += y * y;
        } else if (++evictionsSinceRecompute >= period) {
            recompute();
        } else {
            double e = evicted - shift;
            sum += y - e;
            sumOfSquares += y * y - e * e;
        }
        if (window.isFull()) {
            double variance = (sumOfSquares - sum * sum / period) / period;
            value = variance > 0 ? Math.sqrt(variance) : 0;
        }
        return value;
    }

    private void recompute() {
        shift = window.sum() / period;
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < period; i++) {
            double y = window.get(i) - shift;
            s += y;
            s2 += y * y;
        }
        sum = s;
        sumOfSquares = s2;
        evictionsSinceRecompute = 0;
    }

    /** Mean of the current window ({@code NaN} while warming up); Bollinger Bands share it. */
    double mean() {
        return window.isFull() ? shift + sum / period : Double.NaN;
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
        shift = Double.NaN;
        sum = 0;
        sumOfSquares = 0;
        evictionsSinceRecompute = 0;
        value = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return period;
    }

    @Override
    public String toString() {
        return "StdDev(" + period + ")";
    }
}
