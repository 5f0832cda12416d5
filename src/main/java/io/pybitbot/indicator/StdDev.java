package io.pybitbot.indicator;

/**
 * Population standard deviation (divisor {@code period}) of the last {@code period} values.
 *
 * <p>Ready after {@code period} values. Updated with Welford's windowed recurrence on a running mean
 * and sum of squared deviations, which avoids the cancellation of the naive sum-of-squares formula on
 * price-sized numbers; the window is recomputed exactly (two passes) every {@code period} evictions so
 * rounding drift stays bounded (amortised O(1)). Matches ta4j's {@code StandardDeviationIndicator},
 * which is also the population deviation, once both are warmed up.
 */
public final class StdDev extends SingleInputIndicator {

    private final int period;
    private final DoubleRing window;
    private double mean;
    private double m2;
    private int evictionsSinceRecompute;
    private double value = Double.NaN;

    public StdDev(int period) {
        this.period = Params.requirePositive("period", period);
        this.window = new DoubleRing(period);
    }

    @Override
    public double update(double x) {
        double evicted = window.push(x);
        if (Double.isNaN(evicted)) {
            int n = window.size();
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        } else if (++evictionsSinceRecompute >= period) {
            recompute();
        } else {
            double oldMean = mean;
            mean += (x - evicted) / period;
            m2 += (x - evicted) * (x - mean + evicted - oldMean);
            if (m2 < 0) {
                m2 = 0;
            }
        }
        value = window.isFull() ? Math.sqrt(m2 / period) : Double.NaN;
        return value;
    }

    private void recompute() {
        mean = window.sum() / period;
        double s = 0;
        for (int i = 0; i < period; i++) {
            double d = window.get(i) - mean;
            s += d * d;
        }
        m2 = s;
        evictionsSinceRecompute = 0;
    }

    /** Mean of the current window ({@code NaN} while warming up); Bollinger Bands share it. */
    double mean() {
        return window.isFull() ? mean : Double.NaN;
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
        mean = 0;
        m2 = 0;
        evictionsSinceRecompute = 0;
        value = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return period;
    }
}
