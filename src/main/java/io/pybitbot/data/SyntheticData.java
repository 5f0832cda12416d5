package io.pybitbot.data;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic candles for scale runs: a geometric random walk that switches between regimes
 * (quiet range, trend up, trend down, volatile) with a Markov chain. The same seed, symbol and length
 * always give the same series, so runs on synthetic data are reproducible.
 */
public final class SyntheticData {

    /** Drift and volatility per candle for each regime. */
    private enum Regime {
        RANGE(0.0, 0.0015), TREND_UP(0.0004, 0.002), TREND_DOWN(-0.0004, 0.002), VOLATILE(0.0, 0.006);

        final double drift;
        final double vol;

        Regime(double drift, double vol) {
            this.drift = drift;
            this.vol = vol;
        }
    }

    private SyntheticData() {
    }

    /**
     * @param seed       base seed; each symbol derives its own stream from it and its name
     * @param startMs    start of the first candle (aligned down to the interval)
     * @param count      number of candles
     * @param startPrice first open
     */
    public static CandleSeries generate(String symbol, Interval interval, long seed, long startMs, int count,
                                        double startPrice) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (!(startPrice > 0)) {
            throw new IllegalArgumentException("startPrice must be > 0, got " + startPrice);
        }
        SplittableRandom rnd = new SplittableRandom(seed ^ (symbol.hashCode() * 0x9E3779B97F4A7C15L));
        long t = Math.floorDiv(startMs, interval.millis()) * interval.millis();
        Regime regime = Regime.RANGE;
        double price = startPrice;
        List<Candle> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (rnd.nextDouble() < 0.01) {
                regime = Regime.values()[rnd.nextInt(Regime.values().length)];
            }
            double open = price;
            // four sub-steps per candle give a realistic high/low around open and close
            double high = open;
            double low = open;
            double p = open;
            for (int s = 0; s < 4; s++) {
                p *= Math.exp(regime.drift / 4 + regime.vol / 2 * gaussian(rnd));
                high = Math.max(high, p);
                low = Math.min(low, p);
            }
            double close = p;
            double volume = Math.abs(1000 * (1 + gaussian(rnd) * 0.3)) * (regime.vol / 0.002);
            out.add(Candle.closed(t, round(open), round(high), round(low), round(close), volume,
                    volume * (high + low + close) / 3));
            price = close;
            t += interval.millis();
        }
        return new CandleSeries(symbol, interval, out, "synthetic(seed=" + seed + ")");
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Keeps synthetic prices on a 0.01 grid, like a real tick size. */
    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
