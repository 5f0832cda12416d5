package io.pybitbot.data;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds candles from a time-ordered stream of trades. A bucket with no trade becomes a flat candle at
 * the previous close with zero volume, which is how exchanges report quiet minutes, so the series has
 * no gaps.
 */
public final class TradeAggregator {
    private final Interval interval;
    private final List<Candle> out = new ArrayList<>();
    private long bucket = Long.MIN_VALUE;
    private double open;
    private double high;
    private double low;
    private double close;
    private double volume;
    private double turnover;

    public TradeAggregator(Interval interval) {
        if (interval == Interval.MONTH) {
            throw new IllegalArgumentException("cannot aggregate trades into monthly candles");
        }
        this.interval = interval;
    }

    public void add(long timeMs, double price, double qty) {
        long b = Math.floorDiv(timeMs, interval.millis()) * interval.millis();
        if (bucket == Long.MIN_VALUE) {
            startBucket(b, price);
        } else if (b < bucket) {
            throw new DataException("trade at " + timeMs + " is older than the current candle " + bucket);
        } else if (b > bucket) {
            flush();
            for (long gap = bucket + interval.millis(); gap < b; gap += interval.millis()) {
                out.add(Candle.closed(gap, close, close, close, close, 0, 0));
            }
            startBucket(b, price);
        }
        high = Math.max(high, price);
        low = Math.min(low, price);
        close = price;
        volume += qty;
        turnover += price * qty;
    }

    private void startBucket(long b, double price) {
        bucket = b;
        open = price;
        high = price;
        low = price;
        close = price;
        volume = 0;
        turnover = 0;
    }

    private void flush() {
        out.add(Candle.closed(bucket, open, high, low, close, volume, turnover));
    }

    /**
     * The completed candles. The last bucket is included only if {@code includeLast}: with a finite
     * trade file it is usually partial.
     */
    public List<Candle> finish(boolean includeLast) {
        if (includeLast && bucket != Long.MIN_VALUE) {
            flush();
            bucket = Long.MIN_VALUE;
        }
        return List.copyOf(out);
    }
}
