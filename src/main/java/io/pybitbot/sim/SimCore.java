package io.pybitbot.sim;

import io.pybitbot.data.CandleSeries;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Instruments;
import io.pybitbot.domain.Interval;
import io.pybitbot.fill.FillModel;
import io.pybitbot.sim.engine.EngineEvent;
import io.pybitbot.sim.engine.MatchingEngine;
import io.pybitbot.sim.market.MarketFeed;
import io.pybitbot.data.FundingRates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated exchange without any networking: market feed, matching engine and the virtual clock that ties
 * them together. Each feed tick drives the engine (fills) and tells the {@link Publisher} what to push.
 */
public final class SimCore {

    /** Where pushes go (the WebSocket hub); all calls happen on the thread that steps the feed or handles a request. */
    public interface Publisher {
        void kline(String symbol, Interval interval, Candle candle, long now);

        void privateEvents(List<EngineEvent> events, long now);

        Publisher NONE = new Publisher() {
            @Override
            public void kline(String symbol, Interval interval, Candle candle, long now) {
            }

            @Override
            public void privateEvents(List<EngineEvent> events, long now) {
            }
        };
    }

    /** Null when live-fed: prices come from {@link #feedLive} instead of a replay. */
    private final MarketFeed feed;
    /** Live-fed only: per symbol, the start of the candle the engine has open and whether it has closed it. */
    private final Map<String, long[]> liveCandle = new ConcurrentHashMap<>();
    private final java.util.function.LongSupplier liveClock;
    private final MatchingEngine engine;
    private final Map<String, InstrumentSpec> specs;
    private final Map<String, Set<Interval>> watched = new ConcurrentHashMap<>();
    private volatile Publisher publisher = Publisher.NONE;
    private final Object feedLock = new Object();
    private final Object publishLock = new Object();
    /** Funding settlements per symbol, in the data's own time (shifted like its candles when charged). */
    private volatile Map<String, FundingRates> funding = Map.of();
    /** Per symbol, the next settlement to charge. */
    private final Map<String, Integer> nextFunding = new java.util.HashMap<>();
    /** Copy of the feed's time for readers that must not take {@code feedLock}. */
    private volatile long feedNow;

    private final MarketFeed.Listener listener = new MarketFeed.Listener() {
        @Override
        public void onCandleOpen(String symbol, Candle c, long now) {
            settleFunding(symbol, c.startMs(), now);
            engine.onCandleOpen(symbol, c, now);
        }

        @Override
        public void onInterim(String symbol, Candle partial, long now) {
            engine.onForming(symbol, partial, now);
            publishKlines(symbol, partial, now);
        }

        @Override
        public void onCandleClose(String symbol, Candle c, long now) {
            engine.onCandleClose(symbol, c, now);
            publishKlines(symbol, c, now);
            closeObserver.closed(symbol, c, engine);
        }
    };

    /** Told of every replayed candle close, after the engine has settled it (e.g. to sample the account's equity). */
    public interface CloseObserver {
        void closed(String symbol, Candle closed, MatchingEngine engine);
    }

    private volatile CloseObserver closeObserver = (symbol, c, e) -> { };
    private final List<CandleSeries> replayed;

    public void observeCloses(CloseObserver observer) {
        this.closeObserver = java.util.Objects.requireNonNull(observer, "observer");
    }

    /** The candles a replaying simulator plays (history and replay), empty when live-fed. */
    public List<CandleSeries> series() {
        return replayed;
    }

    public SimCore(List<CandleSeries> series, SimSettings settings, long replayStartMs) {
        this.feed = new MarketFeed(series, replayStartMs, settings.warmupCandles(), settings.warmupInterval(),
                settings.interimUpdates());
        this.replayed = List.copyOf(series);
        List<InstrumentSpec> list = new ArrayList<>();
        for (CandleSeries s : series) {
            list.add(Instruments.forSymbol(s.symbol(), s.get(0).close()));
        }
        this.engine = new MatchingEngine(list, new FillModel(settings.fills()), settings.initialBalance(),
                settings.defaultLeverage(), settings.seed());
        this.specs = engine.specs();
        this.feedNow = feed.nowMs();
        this.liveClock = null;
    }

    /**
     * A live-fed core (paper trading): no replay; {@link #feedLive} drives the engine with candles from elsewhere.
     *
     * @param instruments the tradable instruments (as the real exchange lists them)
     * @param clock       the exchange's time (the wall clock in paper mode)
     */
    public SimCore(List<InstrumentSpec> instruments, SimSettings settings, java.util.function.LongSupplier clock) {
        if (instruments.isEmpty()) {
            throw new IllegalArgumentException("a live-fed simulator needs at least one instrument");
        }
        this.feed = null;
        this.replayed = List.of();
        this.liveClock = clock;
        this.engine = new MatchingEngine(instruments, new FillModel(settings.fills()), settings.initialBalance(),
                settings.defaultLeverage(), settings.seed());
        this.specs = engine.specs();
        this.feedNow = clock.getAsLong();
    }

    /**
     * Funding to charge during the replay ({@code SYMBOL_funding.csv} next to the candles): each settlement at or
     * before a candle's open is charged before that open's fills, on the position held then, valued at the last price
     * (the backtester's rule). Set before the replay starts.
     */
    public void setFunding(Map<String, FundingRates> rates) {
        funding = Map.copyOf(rates);
    }

    /** Symbols that have funding data in this replay. */
    public Set<String> fundedSymbols() {
        return funding.keySet();
    }

    private void settleFunding(String symbol, long candleStartMs, long now) {
        FundingRates rates = funding.get(symbol);
        if (rates == null || feed == null) {
            return;
        }
        long shift = feed.shiftMs(symbol);
        long dataTime = candleStartMs - shift;
        int i = nextFunding.computeIfAbsent(symbol, k -> rates.firstAtOrAfter(dataTime));
        while (i < rates.size() && rates.timeMs(i) <= dataTime) {
            engine.settleFunding(symbol, rates.rate(i), rates.timeMs(i) + shift);
            i++;
        }
        nextFunding.put(symbol, i);
    }

    /** True when prices come from {@link #feedLive} rather than a replay. */
    public boolean live() {
        return feed == null;
    }

    /**
     * Live-fed mode: one kline update of {@code symbol} (feed one interval per symbol, the finest). A candle with a
     * later start opens a new candle (market orders fill at its open), a forming update moves the last price, a
     * confirmed one closes the candle (TP/SL and resting limits are matched), exactly as the replay does.
     */
    public void feedLive(String symbol, Candle c) {
        if (feed != null) {
            throw new IllegalStateException("this simulator replays data; it cannot be fed live candles");
        }
        if (!specs.containsKey(symbol)) {
            return;
        }
        synchronized (feedLock) {
            long now = liveClock.getAsLong();
            feedNow = now;
            long[] state = liveCandle.computeIfAbsent(symbol, s -> new long[] {Long.MIN_VALUE, 1});
            if (c.startMs() < state[0] || (c.startMs() == state[0] && state[1] == 1)) {
                return; // an old or repeated update of a candle already closed
            }
            if (c.startMs() > state[0]) {
                state[0] = c.startMs();
                state[1] = 0;
                engine.onCandleOpen(symbol, c, now);
            }
            if (c.confirmed()) {
                state[1] = 1;
                engine.onCandleClose(symbol, c, now);
            } else {
                engine.onForming(symbol, c, now);
            }
            flushEvents();
        }
    }
    public void setPublisher(Publisher p) {
        this.publisher = p == null ? Publisher.NONE : p;
    }

    public MatchingEngine engine() {
        return engine;
    }

    public Map<String, InstrumentSpec> specs() {
        return specs;
    }

    /** Virtual time the feed has reached. */
    public long feedNowMs() {
        if (feed == null) {
            return liveClock.getAsLong();
        }
        synchronized (feedLock) {
            return feed.nowMs();
        }
    }

    public long tickMs() {
        return feed == null ? 1000 : feed.tickMs();
    }

    public long replayStartMs() {
        return feed == null ? feedNow : feed.replayStartMs();
    }

    /** Virtual start of the symbol's last replayed candle; Long.MAX_VALUE when fed live (no end). */
    public long lastCandleStartMs(String symbol) {
        if (feed == null) {
            return Long.MAX_VALUE;
        }
        synchronized (feedLock) {
            return feed.hasSymbol(symbol) ? feed.lastStartMs(symbol) : Long.MAX_VALUE;
        }
    }

    public boolean finished() {
        if (feed == null) {
            return false;
        }
        synchronized (feedLock) {
            return feed.finished();
        }
    }

    /** One tick of virtual time; then the engine's events are published. */
    public void step() {
        if (feed == null) {
            return; // live-fed: time moves with the feed
        }
        synchronized (feedLock) {
            stepFeed();
            flushEvents();
        }
    }

    public void advanceTo(long virtualMs) {
        if (feed == null) {
            return;
        }
        synchronized (feedLock) {
            while (feed.nowMs() + feed.tickMs() <= virtualMs) {
                stepFeed();
                flushEvents();
            }
        }
    }

    /**
     * One tick under the engine's lock, so an order never arrives between a candle's close and the next one's open
     * (which the same tick reports): right after a close it sees the next open as the last price.
     */
    private void stepFeed() {
        synchronized (engine) {
            feed.step(listener);
            feedNow = feed.nowMs();
        }
    }

    /** Publishes what the engine did (after a REST request or a tick). */
    public void flushEvents() {
        // drain and push under one lock so frames from the clock thread and REST threads keep the engine's order
        synchronized (publishLock) {
            List<EngineEvent> events = engine.drainEvents();
            if (!events.isEmpty()) {
                publisher.privateEvents(events, feedNow); // not feedNowMs(): lock order is feedLock, then this
            }
        }
    }

    public List<Candle> klines(String symbol, Interval interval, long start, long end, int limit) {
        if (feed == null) {
            return List.of(); // live-fed: market data comes from the real exchange
        }
        synchronized (feedLock) {
            return feed.klines(symbol, interval, start, end, limit);
        }
    }

    public Candle forming(String symbol, Interval interval) {
        if (feed == null) {
            return null;
        }
        synchronized (feedLock) {
            return feed.forming(symbol, interval);
        }
    }

    public Interval baseInterval(String symbol) {
        return feed == null ? Interval.M1 : feed.baseInterval(symbol);
    }

    public Set<String> symbols() {
        return feed == null ? specs.keySet() : feed.symbols();
    }

    /** Starts publishing {@code kline.{interval}.{symbol}} (the hub calls this on subscribe). */
    public void watch(String symbol, Interval interval) {
        watched.computeIfAbsent(symbol, s -> ConcurrentHashMap.newKeySet()).add(interval);
    }

    /** Null when {@code interval} cannot be served for {@code symbol}, else the reason. */
    public String klineProblem(String symbol, Interval interval) {
        if (feed == null) {
            return "this simulator is live-fed and serves no public market data";
        }
        if (!feed.hasSymbol(symbol)) {
            return "symbol " + symbol + " is not simulated";
        }
        long base = feed.baseInterval(symbol).millis();
        if (interval == Interval.MONTH || interval.millis() % base != 0) {
            return "interval " + interval.code() + " is finer than or not a multiple of the data interval "
                    + feed.baseInterval(symbol).code() + " of " + symbol;
        }
        return null;
    }

    private void publishKlines(String symbol, Candle base, long now) {
        Set<Interval> intervals = watched.get(symbol);
        if (feed == null || intervals == null || intervals.isEmpty()) {
            return;
        }
        Interval baseInterval = feed.baseInterval(symbol);
        for (Interval i : intervals) {
            if (i == baseInterval) {
                publisher.kline(symbol, i, base, now);
            } else {
                Candle agg = feed.forming(symbol, i);
                if (agg != null) {
                    publisher.kline(symbol, i, agg, now);
                }
            }
        }
    }
}
