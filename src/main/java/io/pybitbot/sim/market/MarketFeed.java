package io.pybitbot.sim.market;

import io.pybitbot.data.CandleSeries;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Replays candle series on one virtual timeline. Pure: {@link #step} moves virtual time by one tick and reports
 * what happened to a {@link Listener}; whoever owns the feed decides how fast to call it.
 *
 * <p><b>Alignment.</b> Every series is shifted so that {@code warmupCandles} closed candles of the warm-up interval
 * (each series' own interval by default; a finer series gets as many of its own candles as that takes) lie before
 * {@code replayStartMs}: they are history (REST klines serve them at once, also aggregated to the warm-up interval)
 * and replay begins there for all symbols together, whatever dates the files come from.
 *
 * <p><b>Ticks.</b> One tick is the shortest base interval divided by {@code interimUpdates}. On each tick, for
 * each symbol: if its candle ended, it is reported closed ({@code confirm=true}); if a new candle starts, it
 * is reported opened; otherwise the forming candle is re-reported as it stands, built by walking the candle's
 * O&rarr;L&rarr;H&rarr;C path (close &ge; open) or O&rarr;H&rarr;L&rarr;C path (close &lt; open), the same
 * path the fill model assumes, to the fraction of the candle's time that has elapsed.
 */
public final class MarketFeed {

    /** Receives what a tick did, in order, per symbol: close, then open, then interim prices. */
    public interface Listener {
        /** A new candle opened; {@code c} is the full candle (the engine needs it to fill at the open). */
        void onCandleOpen(String symbol, Candle c, long now);

        /** The forming candle as it stands ({@code confirmed=false}); {@code c.close()} is the last price. */
        void onInterim(String symbol, Candle partial, long now);

        /** The candle closed ({@code confirmed=true}). */
        void onCandleClose(String symbol, Candle c, long now);
    }

    private static final class Track {
        final String symbol;
        final Interval interval;
        final List<Candle> candles;
        /** Index of the candle forming now; -1 before the first, size() after the last. */
        int current;
        /** True once the candle at {@code current} has been reported closed. */
        boolean closed = true;

        Track(String symbol, Interval interval, List<Candle> candles, int current) {
            this.symbol = symbol;
            this.interval = interval;
            this.candles = candles;
            this.current = current;
        }

        boolean forming(long now) {
            return current >= 0 && current < candles.size()
                    && now < candles.get(current).startMs() + interval.millis();
        }
    }

    private final Map<String, Track> tracks = new LinkedHashMap<>();
    /** Per symbol, what was added to its data's times to put it on the virtual timeline. */
    private final Map<String, Long> shifts = new LinkedHashMap<>();
    private final long tickMs;
    private final long startMs;
    private long now;

    /**
     * @param series         one series per symbol, any dates, any intervals (each at least 1 candle beyond warm-up)
     * @param replayStartMs  virtual time at which replay starts (aligned down to the longest interval)
     * @param warmupCandles  candles of each series that lie before {@code replayStartMs} as history
     * @param interimUpdates interim updates per candle of the shortest interval (&ge; 1)
     */
    public MarketFeed(Collection<CandleSeries> series, long replayStartMs, int warmupCandles, int interimUpdates) {
        this(series, replayStartMs, warmupCandles, null, interimUpdates);
    }

    /**
     * @param warmupInterval the interval {@code warmupCandles} is counted in; null = each series' own
     */
    public MarketFeed(Collection<CandleSeries> series, long replayStartMs, int warmupCandles, Interval warmupInterval,
                      int interimUpdates) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("the market feed needs at least one candle series");
        }
        if (interimUpdates < 1) {
            throw new IllegalArgumentException("interimUpdates must be >= 1, got " + interimUpdates);
        }
        if (warmupCandles < 0) {
            throw new IllegalArgumentException("warmupCandles must be >= 0, got " + warmupCandles);
        }
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (CandleSeries s : series) {
            shortest = Math.min(shortest, s.interval().millis());
            longest = Math.max(longest, s.interval().millis());
        }
        if (warmupInterval != null) {
            longest = Math.max(longest, warmupInterval.millis()); // history in whole buckets of the warm-up interval
        }
        this.startMs = Math.floorDiv(replayStartMs, longest) * longest;
        this.tickMs = Math.max(1, shortest / interimUpdates);
        for (CandleSeries s : series) {
            int history = historyCandles(s.interval(), warmupCandles, warmupInterval);
            if (s.size() <= history) {
                throw new IllegalArgumentException("series " + s.symbol() + " from " + s.source() + " has " + s.size()
                        + " candles, not more than the " + history + " candles of history ("
                        + warmupCandles + " of interval " + (warmupInterval == null ? s.interval() : warmupInterval)
                        .code() + ")");
            }
            if (tracks.containsKey(s.symbol())) {
                throw new IllegalArgumentException("two series for symbol " + s.symbol());
            }
            long shift = startMs - s.get(history).startMs();
            shifts.put(s.symbol(), shift);
            List<Candle> shifted = new ArrayList<>(s.size());
            for (Candle c : s.candles()) {
                shifted.add(new Candle(c.startMs() + shift, c.open(), c.high(), c.low(), c.close(), c.volume(),
                        c.turnover(), true));
            }
            tracks.put(s.symbol(), new Track(s.symbol(), s.interval(), shifted, history - 1));
        }
        this.now = startMs - tickMs;
    }

    /**
     * Candles of {@code base} that make {@code warmupCandles} of {@code warmupInterval} (null or finer: the count
     * itself).
     */
    /**
     * The first replay start at or after {@code notBeforeMs} that keeps the first series' time of day: its data's UTC
     * days stay the replay's UTC days (a daily loss limit counts from the same midnight as in a backtest of the same
     * data, and two replays of it start alike whenever they are run).
     */
    public static long dayAlignedStart(List<CandleSeries> series, long notBeforeMs, int warmupCandles,
                                       Interval warmupInterval) {
        CandleSeries first = series.get(0);
        int history = historyCandles(first.interval(), warmupCandles, warmupInterval);
        if (first.size() <= history) {
            return notBeforeMs; // the constructor says what is wrong with it
        }
        long ref = first.get(history).startMs();
        long day = 86_400_000L;
        return notBeforeMs + Math.floorMod(ref - notBeforeMs, day);
    }

    public static int historyCandles(Interval base, int warmupCandles, Interval warmupInterval) {
        if (warmupInterval == null || warmupInterval.millis() <= base.millis()) {
            return warmupCandles;
        }
        long perCandle = (warmupInterval.millis() + base.millis() - 1) / base.millis();
        return Math.toIntExact(warmupCandles * perCandle);
    }

    public long nowMs() {
        return now;
    }

    public long tickMs() {
        return tickMs;
    }

    /** Virtual time of the first tick. */
    /** What was added to {@code symbol}'s data times to replay it (0 for an unknown symbol). */
    public long shiftMs(String symbol) {
        return shifts.getOrDefault(symbol, 0L);
    }

    public long replayStartMs() {
        return startMs;
    }

    public Set<String> symbols() {
        return tracks.keySet();
    }

    public Interval baseInterval(String symbol) {
        return track(symbol).interval;
    }

    public boolean hasSymbol(String symbol) {
        return tracks.containsKey(symbol);
    }

    /** Virtual start of the symbol's last candle: its replay has nothing after it (series end at different times). */
    public long lastStartMs(String symbol) {
        List<Candle> c = track(symbol).candles;
        return c.get(c.size() - 1).startMs();
    }

    /** True once every series has been replayed to its end. */
    public boolean finished() {
        for (Track t : tracks.values()) {
            if (t.current < t.candles.size() - 1 || t.forming(now)) {
                return false;
            }
        }
        return true;
    }

    /** Advances virtual time by one tick. */
    public void step(Listener l) {
        now += tickMs;
        for (Track t : tracks.values()) {
            advance(t, l);
        }
    }

    /** Steps until virtual time reaches {@code target} (no-op when it is not ahead). */
    public void advanceTo(long target, Listener l) {
        while (now + tickMs <= target) {
            step(l);
        }
    }

    private void advance(Track t, Listener l) {
        if (!t.closed && t.current >= 0 && now >= t.candles.get(t.current).startMs() + t.interval.millis()) {
            t.closed = true;
            l.onCandleClose(t.symbol, t.candles.get(t.current), now);
        }
        while (t.current + 1 < t.candles.size() && t.candles.get(t.current + 1).startMs() <= now) {
            t.current++;
            Candle c = t.candles.get(t.current);
            t.closed = false;
            l.onCandleOpen(t.symbol, c, now);
            if (now >= c.startMs() + t.interval.millis()) {
                // a tick longer than the gap to the next candle: close it at once so nothing is skipped
                t.closed = true;
                l.onCandleClose(t.symbol, c, now);
            }
        }
        if (t.forming(now)) {
            l.onInterim(t.symbol, partial(t.candles.get(t.current), t.interval, now), now);
        }
    }

    /** Last price of {@code symbol}: the close of the forming candle as it stands, else the last close. */
    public double lastPrice(String symbol) {
        Track t = track(symbol);
        if (t.forming(now)) {
            return partial(t.candles.get(t.current), t.interval, now).close();
        }
        int i = Math.min(t.current, t.candles.size() - 1);
        return i < 0 ? Double.NaN : t.candles.get(i).close();
    }

    /**
     * Candles of {@code interval} (a whole multiple of the symbol's base interval) with start in
     * [{@code startMs}, {@code endMs}], newest first, at most {@code limit}; the forming candle is included as
     * it stands ({@code confirmed=false}), future candles never are.
     */
    public List<Candle> klines(String symbol, Interval interval, long startMs, long endMs, int limit) {
        Track t = track(symbol);
        long base = t.interval.millis();
        long len = interval.millis();
        if (interval == Interval.MONTH || len % base != 0) {
            throw new IllegalArgumentException("interval " + interval.code() + " is not available for " + symbol
                    + " (its data is at interval " + t.interval.code() + ")");
        }
        List<Candle> out = new ArrayList<>();
        int last = Math.min(t.current, t.candles.size() - 1);
        Candle acc = null;
        for (int i = last; i >= 0 && out.size() < limit; i--) {
            Candle c = t.candles.get(i);
            if (i == t.current && t.forming(now)) {
                c = partial(c, t.interval, now);
            }
            long bucket = Math.floorDiv(c.startMs(), len) * len;
            if (acc != null && bucket != acc.startMs()) {
                emit(out, acc, startMs, endMs);
                acc = null;
            }
            if (bucket + len <= startMs) {
                break;
            }
            acc = acc == null ? new Candle(bucket, c.open(), c.high(), c.low(), c.close(), c.volume(), c.turnover(),
                    c.confirmed() && c.startMs() + base == bucket + len)
                    : new Candle(bucket, c.open(), Math.max(acc.high(), c.high()), Math.min(acc.low(), c.low()),
                    acc.close(), acc.volume() + c.volume(), acc.turnover() + c.turnover(), acc.confirmed());
        }
        if (acc != null && out.size() < limit) {
            emit(out, acc, startMs, endMs);
        }
        return out;
    }

    private static void emit(List<Candle> out, Candle c, long startMs, long endMs) {
        if (c.startMs() >= startMs && c.startMs() <= endMs) {
            out.add(c);
        }
    }

    /** The forming candle of {@code interval} for {@code symbol} as it stands, or null when none is forming. */
    public Candle forming(String symbol, Interval interval) {
        List<Candle> k = klines(symbol, interval, Long.MIN_VALUE, Long.MAX_VALUE, 1);
        return k.isEmpty() ? null : k.get(0);
    }

    /**
     * {@code c} as it stands at {@code now}: the O&rarr;first extreme&rarr;second extreme&rarr;C path walked to
     * the elapsed fraction of the candle (each leg takes a third of the time), with volume pro rata.
     */
    static Candle partial(Candle c, Interval interval, long now) {
        double f = Math.max(0, Math.min(1, (now - c.startMs()) / (double) interval.millis()));
        if (f >= 1) {
            return c;
        }
        boolean bullish = c.close() >= c.open();
        double[] path = {c.open(), bullish ? c.low() : c.high(), bullish ? c.high() : c.low(), c.close()};
        double pos = f * 3;
        int leg = (int) Math.floor(pos);
        double hi = c.open();
        double lo = c.open();
        for (int i = 1; i <= leg; i++) {
            hi = Math.max(hi, path[i]);
            lo = Math.min(lo, path[i]);
        }
        double price = leg >= 3 ? c.close() : path[leg] + (path[leg + 1] - path[leg]) * (pos - leg);
        hi = Math.max(hi, price);
        lo = Math.min(lo, price);
        return new Candle(c.startMs(), c.open(), hi, lo, price, c.volume() * f, c.turnover() * f, false);
    }

    private Track track(String symbol) {
        Track t = tracks.get(symbol);
        if (t == null) {
            throw new IllegalArgumentException("symbol '" + symbol + "' is not simulated; simulated symbols are "
                    + tracks.keySet());
        }
        return t;
    }

    @Override
    public String toString() {
        return "MarketFeed[" + tracks.keySet() + ", now=" + now + ", tick=" + tickMs + "ms]";
    }
}
