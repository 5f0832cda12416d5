package io.pybitbot.indicator;

/**
 * Exponential moving average with {@code alpha = 2 / (period + 1)}.
 *
 * <p>Seeding convention: the first value is the simple mean of the first {@code period} inputs (the
 * usual charting convention), so the EMA is ready after {@code period} inputs; afterwards
 * {@code ema += alpha * (x - ema)}. ta4j's {@code EMAIndicator} instead seeds with the very first
 * input; the two differ by a seed difference that shrinks by a factor {@code (1 - alpha)} per bar, so
 * they agree within 1e-9 relative after roughly {@code 14 * period} bars.
 */
public final class Ema extends SingleInputIndicator {

    private final int period;
    private final double alpha;
    private int count;
    private double seedSum;
    private double value = Double.NaN;

    public Ema(int period) {
        this.period = Params.requirePositive("period", period);
        this.alpha = 2.0 / (period + 1);
    }

    @Override
    public double update(double x) {
        Params.requireFinite(this, x);
        if (count < period) {
            seedSum += x;
            count++;
            if (count == period) {
                value = seedSum / period;
            }
        } else {
            value += alpha * (x - value);
        }
        return value;
    }

    @Override
    public boolean isReady() {
        return count >= period;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public void reset() {
        count = 0;
        seedSum = 0;
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
        return "Ema(" + period + ")";
    }
}
