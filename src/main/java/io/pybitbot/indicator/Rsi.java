package io.pybitbot.indicator;

/**
 * Relative Strength Index with Wilder smoothing, in [0, 100].
 *
 * <p>Seeding convention (Wilder's): the first average gain and loss are the simple means of the first
 * {@code period} close-to-close changes, so the RSI needs {@code period + 1} closes; afterwards
 * {@code avg = (avg * (period - 1) + x) / period}. With no movement at all over the window (both
 * averages zero) the RSI is 50; with gains but no losses it is 100.
 *
 * <p>ta4j's {@code RSIIndicator} smooths with its {@code MMAIndicator}, seeded with the first bar's
 * gain/loss (zero) instead of a mean; the seed difference decays by {@code (1 - 1/period)} per bar, so
 * the two agree within 1e-9 relative after roughly {@code 30 * period} bars. ta4j reports 0 instead of
 * 50 when both averages are zero.
 */
public final class Rsi extends SingleInputIndicator {

    private final int period;
    private final WilderAverage avgGain;
    private final WilderAverage avgLoss;
    private double previous = Double.NaN;
    private double value = Double.NaN;

    public Rsi(int period) {
        this.period = Params.requirePositive("period", period);
        this.avgGain = new WilderAverage(period);
        this.avgLoss = new WilderAverage(period);
    }

    @Override
    public double update(double x) {
        Params.requireFinite(this, x);
        if (!Double.isNaN(previous)) {
            double change = x - previous;
            double gain = avgGain.update(change > 0 ? change : 0);
            double loss = avgLoss.update(change < 0 ? -change : 0);
            if (avgGain.isReady()) {
                value = rsi(gain, loss);
            }
        }
        previous = x;
        return value;
    }

    private static double rsi(double gain, double loss) {
        if (loss == 0) {
            return gain == 0 ? 50 : 100;
        }
        return 100 - 100 / (1 + gain / loss);
    }

    @Override
    public boolean isReady() {
        return avgGain.isReady();
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public void reset() {
        avgGain.reset();
        avgLoss.reset();
        previous = Double.NaN;
        value = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return period + 1;
    }

    @Override
    public String toString() {
        return "Rsi(" + period + ")";
    }
}
