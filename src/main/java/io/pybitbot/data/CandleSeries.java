package io.pybitbot.data;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.List;
import java.util.Objects;

/**
 * Closed candles of one symbol and interval, strictly ascending by start time, one per interval
 * (no gaps, no duplicates: {@link #validate} proves it).
 *
 * @param source where the candles came from, for messages and reports (a file path, "bundled:...")
 */
public record CandleSeries(String symbol, Interval interval, List<Candle> candles, String source) {

    public CandleSeries {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(interval, "interval");
        candles = List.copyOf(candles);
        source = source == null ? "" : source;
    }

    public int size() {
        return candles.size();
    }

    public boolean isEmpty() {
        return candles.isEmpty();
    }

    public Candle get(int i) {
        return candles.get(i);
    }

    public long firstStartMs() {
        return candles.isEmpty() ? Long.MIN_VALUE : candles.get(0).startMs();
    }

    public long lastStartMs() {
        return candles.isEmpty() ? Long.MIN_VALUE : candles.get(candles.size() - 1).startMs();
    }

    /** The candles whose start lies in [fromMs, toMs). */
    public CandleSeries slice(long fromMs, long toMs) {
        int lo = lowerBound(fromMs);
        int hi = lowerBound(toMs);
        return new CandleSeries(symbol, interval, candles.subList(lo, Math.max(lo, hi)), source);
    }

    private int lowerBound(long t) {
        int lo = 0;
        int hi = candles.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (candles.get(mid).startMs() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The same candles moved in time so the first starts at (or just before) {@code startMs}; the shift is
     * a whole number of intervals, so candles stay aligned. Used to replay series recorded on different
     * dates side by side on one timeline.
     */
    public CandleSeries shiftedTo(long startMs) {
        if (candles.isEmpty()) {
            return this;
        }
        long step = interval.millis();
        long delta = Math.floorDiv(startMs - firstStartMs(), step) * step;
        if (delta == 0) {
            return this;
        }
        List<Candle> moved = new java.util.ArrayList<>(candles.size());
        for (Candle c : candles) {
            moved.add(new Candle(c.startMs() + delta, c.open(), c.high(), c.low(), c.close(), c.volume(), c.turnover(),
                    c.confirmed()));
        }
        return new CandleSeries(symbol, interval, moved, source + " shifted to " + java.time.Instant.ofEpochMilli(firstStartMs() + delta));
    }

    /**
     * Checks ordering, alignment to the interval, gaps and duplicates.
     *
     * @throws DataException naming the source and the offending timestamps
     */
    public CandleSeries validate() {
        long step = interval.millis();
        for (int i = 0; i < candles.size(); i++) {
            Candle c = candles.get(i);
            if (interval != Interval.MONTH && Math.floorMod(c.startMs(), step) != 0) {
                throw new DataException(source + ": candle start " + c.startMs() + " is not aligned to interval "
                        + interval.code());
            }
            if (i > 0) {
                long prev = candles.get(i - 1).startMs();
                if (c.startMs() == prev) {
                    throw new DataException(source + ": duplicate candle at " + c.startMs());
                }
                if (c.startMs() < prev) {
                    throw new DataException(source + ": candles out of order at " + c.startMs() + " (after " + prev + ")");
                }
                if (interval != Interval.MONTH && c.startMs() - prev != step) {
                    throw new DataException(source + ": gap of " + ((c.startMs() - prev) / step - 1)
                            + " candle(s) between " + prev + " and " + c.startMs());
                }
            }
        }
        return this;
    }
}
