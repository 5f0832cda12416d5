package io.pybitbot.exchange.bybit.ws;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Lets each closed candle through exactly once per (symbol, interval), in start order, whether it came
 * from a WebSocket push or a REST back-fill. Pure and single-threaded (owned by one actor).
 *
 * <p>After a reconnect the consumer calls {@link #gapToFill}; while that gap is open, live candles that
 * do not continue the delivered series are held back, so a push racing the back-fill cannot make the
 * missed candles arrive out of order or be skipped. The back-fill (REST klines) goes through
 * {@link #accept} like any push; once the gap is closed the held candles follow in order. If the
 * back-fill fails, {@link #abandonGap} releases them and the hole is the caller's to report.
 * Calendar-month candles are not supported (their length varies).
 */
public final class ConfirmedCandleGate {

    /** Starts to back-fill, inclusive, on the interval grid. */
    public record Gap(String symbol, Interval interval, long fromStartMs, long toStartMs) {
        public long candles() {
            return (toStartMs - fromStartMs) / interval.millis() + 1;
        }
    }

    private record Key(String symbol, Interval interval) {}

    private static final class Series {
        Long last;
        Gap open;
        final TreeMap<Long, Candle> held = new TreeMap<>();
    }

    private final Map<Key, Series> series = new HashMap<>();

    /** Candles to deliver now, oldest first; forming candles and repeats are dropped. */
    public List<Candle> accept(String symbol, Interval interval, List<Candle> candles) {
        Objects.requireNonNull(symbol, "symbol");
        if (interval == Interval.MONTH) {
            throw new IllegalArgumentException("monthly candles are not supported by the gate (" + symbol + ")");
        }
        Series s = series.computeIfAbsent(new Key(symbol, interval), k -> new Series());
        List<Candle> sorted = new ArrayList<>(candles);
        sorted.sort(Comparator.comparingLong(Candle::startMs));
        List<Candle> out = new ArrayList<>();
        for (Candle c : sorted) {
            if (!c.confirmed() || (s.last != null && c.startMs() <= s.last)) {
                continue;
            }
            if (s.open != null && c.startMs() != s.last + interval.millis()) {
                s.held.put(c.startMs(), c);
                continue;
            }
            deliver(s, c, out);
            releaseContiguous(s, interval, out);
        }
        if (s.open != null && s.last >= s.open.toStartMs()) {
            // candles held beyond the filled gap that do not follow it mark a further gap: it stays open (and they
            // held) until the caller fills it too, see openGap
            s.open = s.held.isEmpty() ? null
                    : new Gap(symbol, interval, s.last + interval.millis(), s.held.firstKey() - interval.millis());
        }
        return out;
    }

    /** The gap being filled or waiting to be, if any: candles after it are held until it is filled or abandoned. */
    public Optional<Gap> openGap(String symbol, Interval interval) {
        Series s = series.get(new Key(symbol, interval));
        return s == null ? Optional.empty() : Optional.ofNullable(s.open);
    }

    /**
     * The closed candles that may have been missed up to {@code nowMs} (after a reconnect, or when a pushed candle
     * skips ahead: pass its end), and opens the gap. Empty if nothing was delivered yet (the initial history load is
     * the caller's) or nothing is missing.
     */
    public Optional<Gap> gapToFill(String symbol, Interval interval, long nowMs) {
        Series s = series.get(new Key(symbol, interval));
        if (s == null || s.last == null) {
            return Optional.empty();
        }
        long from = s.last + interval.millis();
        long lastClosedStart = Math.floorDiv(nowMs, interval.millis()) * interval.millis() - interval.millis();
        if (from > lastClosedStart) {
            return Optional.empty();
        }
        s.open = new Gap(symbol, interval, from, lastClosedStart);
        return Optional.of(s.open);
    }

    /** Gives up on the open gap: returns the held candles (oldest first) and resumes normal delivery. */
    public List<Candle> abandonGap(String symbol, Interval interval) {
        Series s = series.get(new Key(symbol, interval));
        List<Candle> out = new ArrayList<>();
        if (s != null) {
            s.open = null;
            releaseAll(s, out);
        }
        return out;
    }

    public Optional<Long> lastDelivered(String symbol, Interval interval) {
        Series s = series.get(new Key(symbol, interval));
        return s == null ? Optional.empty() : Optional.ofNullable(s.last);
    }

    private static void deliver(Series s, Candle c, List<Candle> out) {
        out.add(c);
        s.last = c.startMs();
        s.held.headMap(c.startMs(), true).clear();
    }

    private static void releaseContiguous(Series s, Interval interval, List<Candle> out) {
        Candle next;
        while ((next = s.held.get(s.last + interval.millis())) != null) {
            deliver(s, next, out);
        }
    }

    private static void releaseAll(Series s, List<Candle> out) {
        for (Candle c : new ArrayList<>(s.held.values())) {
            if (s.last == null || c.startMs() > s.last) {
                deliver(s, c, out);
            }
        }
        s.held.clear();
    }
}
