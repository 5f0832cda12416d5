package io.pybitbot.indicator;

import io.pybitbot.domain.Candle;

/**
 * Volume-weighted average of the typical price {@code (high + low + close) / 3} over the last
 * {@code period} candles: {@code Σ(tp * volume) / Σ volume}. When the window holds no volume at all the
 * value is the latest typical price.
 *
 * <p>Ready after {@code period} candles. Running sums, re-summed from the window every {@code period}
 * evictions to bound rounding drift (amortised O(1)). Matches ta4j's {@code VWAPIndicator} exactly once
 * warmed up.
 */
public final class RollingVwap implements Indicator {

    private final int period;
    private final DoubleRing priceVolume;
    private final DoubleRing volume;
    private double priceVolumeSum;
    private double volumeSum;
    private int evictionsSinceResum;
    private double value = Double.NaN;

    public RollingVwap(int period) {
        this.period = Params.requirePositive("period", period);
        this.priceVolume = new DoubleRing(period);
        this.volume = new DoubleRing(period);
    }

    /** Feeds one candle and returns the new VWAP ({@code NaN} while warming up). */
    public double update(double high, double low, double close, double volume) {
        Params.requireBar(this, high, low, close);
        Params.requireVolume(this, volume);
        double typical = (high + low + close) / 3;
        double pv = typical * volume;
        double evictedPv = priceVolume.push(pv);
        double evictedVolume = this.volume.push(volume);
        if (Double.isNaN(evictedPv)) {
            priceVolumeSum += pv;
            volumeSum += volume;
        } else if (++evictionsSinceResum >= period) {
            priceVolumeSum = priceVolume.sum();
            volumeSum = this.volume.sum();
            evictionsSinceResum = 0;
        } else {
            priceVolumeSum += pv - evictedPv;
            volumeSum += volume - evictedVolume;
        }
        if (priceVolume.isFull()) {
            value = volumeSum > 0 ? priceVolumeSum / volumeSum : typical;
        }
        return value;
    }

    @Override
    public void update(Candle c) {
        update(c.high(), c.low(), c.close(), c.volume());
    }

    @Override
    public boolean isReady() {
        return priceVolume.isFull();
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public void reset() {
        priceVolume.clear();
        volume.clear();
        priceVolumeSum = 0;
        volumeSum = 0;
        evictionsSinceResum = 0;
        value = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return period;
    }

    @Override
    public String toString() {
        return "RollingVwap(" + period + ")";
    }
}
