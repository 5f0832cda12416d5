package io.pybitbot.indicator;

import io.pybitbot.domain.Candle;

/**
 * Stochastic oscillator: {@code %K = 100 * (close - lowestLow) / (highestHigh - lowestLow)} over the
 * last {@code kPeriod} candles (50 when that range is zero) and {@code %D = SMA(dPeriod)} of %K.
 *
 * <p>Ready when %D is: after {@code kPeriod + dPeriod - 1} candles; {@link #value()} is %K. Matches
 * ta4j's {@code StochasticOscillatorKIndicator} / {@code StochasticOscillatorDIndicator} exactly once
 * warmed up (ta4j uses partial windows before that).
 */
public final class Stochastic implements Indicator {

    private final int kPeriod;
    private final int dPeriod;
    private final MonotonicDeque highs;
    private final MonotonicDeque lows;
    private final Sma d;
    private double kValue = Double.NaN;
    private double dValue = Double.NaN;

    public Stochastic(int kPeriod, int dPeriod) {
        this.kPeriod = Params.requirePositive("kPeriod", kPeriod);
        this.dPeriod = Params.requirePositive("dPeriod", dPeriod);
        this.highs = new MonotonicDeque(kPeriod, true);
        this.lows = new MonotonicDeque(kPeriod, false);
        this.d = new Sma(dPeriod);
    }

    /** Feeds one candle and returns the new %K ({@code NaN} while warming up). */
    public double update(double high, double low, double close) {
        Params.requireBar(this, high, low, close);
        double highest = highs.push(high);
        double lowest = lows.push(low);
        if (highs.count() >= kPeriod) {
            double range = highest - lowest;
            double k = range == 0 ? 50 : 100 * (close - lowest) / range;
            double dNow = d.update(k);
            if (d.isReady()) {
                kValue = k;
                dValue = dNow;
            }
        }
        return kValue;
    }

    @Override
    public void update(Candle c) {
        update(c.high(), c.low(), c.close());
    }

    public double k() {
        return kValue;
    }

    public double d() {
        return dValue;
    }

    @Override
    public boolean isReady() {
        return d.isReady();
    }

    @Override
    public double value() {
        return kValue;
    }

    @Override
    public void reset() {
        highs.clear();
        lows.clear();
        d.reset();
        kValue = Double.NaN;
        dValue = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return kPeriod + dPeriod - 1;
    }

    @Override
    public String toString() {
        return "Stochastic(" + kPeriod + ", " + dPeriod + ")";
    }
}
