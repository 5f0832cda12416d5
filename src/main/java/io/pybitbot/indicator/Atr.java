package io.pybitbot.indicator;

import io.pybitbot.domain.Candle;

/**
 * Average True Range with Wilder smoothing.
 *
 * <p>True range is {@code max(high - low, |high - prevClose|, |low - prevClose|)}; the first candle has
 * no previous close, so its true range is {@code high - low}. Seeding convention (Wilder's): the first
 * ATR is the simple mean of the first {@code period} true ranges, so it is ready after {@code period}
 * candles; afterwards {@code atr = (atr * (period - 1) + tr) / period}. ta4j's {@code ATRIndicator}
 * seeds its {@code MMAIndicator} with the first true range instead; the difference decays by
 * {@code (1 - 1/period)} per bar, so the two agree within 1e-9 relative after roughly
 * {@code 30 * period} bars.
 */
public final class Atr implements Indicator {

    private final int period;
    private final WilderAverage average;
    private double previousClose = Double.NaN;
    private double trueRange = Double.NaN;

    public Atr(int period) {
        this.period = Params.requirePositive("period", period);
        this.average = new WilderAverage(period);
    }

    /** Feeds one candle and returns the new ATR ({@code NaN} while warming up). */
    public double update(double high, double low, double close) {
        Params.requireBar(this, high, low, close);
        trueRange = trueRange(high, low, previousClose);
        previousClose = close;
        average.update(trueRange);
        return average.value();
    }

    static double trueRange(double high, double low, double previousClose) {
        double range = high - low;
        if (Double.isNaN(previousClose)) {
            return range;
        }
        return Math.max(range, Math.max(Math.abs(high - previousClose), Math.abs(low - previousClose)));
    }

    @Override
    public void update(Candle c) {
        update(c.high(), c.low(), c.close());
    }

    /** True range of the latest candle (available from the first candle on). */
    public double trueRange() {
        return trueRange;
    }

    @Override
    public boolean isReady() {
        return average.isReady();
    }

    @Override
    public double value() {
        return average.value();
    }

    @Override
    public void reset() {
        average.reset();
        previousClose = Double.NaN;
        trueRange = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return period;
    }

    @Override
    public String toString() {
        return "Atr(" + period + ")";
    }
}
