package io.pybitbot.data;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;

/**
 * Builds closed candles of a longer timeframe from consecutive closed candles of a shorter one, one
 * input at a time. A bucket is emitted when the input that ends it arrives; a bucket that started before
 * the first input is never emitted (it would be incomplete).
 */
public final class TimeframeAggregator {
    private final long sourceMs;
    private final long targetMs;
    private long bucket = Long.MIN_VALUE;
    private boolean complete;
    private double open;
    private double high;
    private double low;
    private double volume;
    private double turnover;

    public TimeframeAggregator(Interval source, Interval target) {
        if (target == Interval.MONTH || source == Interval.MONTH || target.millis() % source.millis() != 0
                || target.millis() <= source.millis()) {
            throw new IllegalArgumentException("cannot aggregate interval " + source.code() + " into " + target.code()
                    + " (the target must be a longer whole multiple)");
        }
        this.sourceMs = source.millis();
        this.targetMs = target.millis();
    }

    /** Adds one closed source candle; returns the target candle it completes, or null. */
    public Candle add(Candle c) {
        long b = Math.floorDiv(c.startMs(), targetMs) * targetMs;
        if (b != bucket) {
            bucket = b;
            complete = c.startMs() == b; // only a bucket seen from its first candle can be complete
            open = c.open();
            high = c.high();
            low = c.low();
            volume = 0;
            turnover = 0;
        }
        high = Math.max(high, c.high());
        low = Math.min(low, c.low());
        volume += c.volume();
        turnover += c.turnover();
        if (c.startMs() + sourceMs == b + targetMs && complete) {
            return Candle.closed(b, open, high, low, c.close(), volume, turnover);
        }
        return null;
    }
}
