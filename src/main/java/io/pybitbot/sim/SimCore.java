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

    private final MarketFeed feed;
    private final MatchingEngine engine;
    private final Map<String, InstrumentSpec> specs;
    private final Map<String, Set<Interval>> watched = new ConcurrentHashMap<>();
    private volatile Publisher publisher = Publisher.NONE;
    private final Object feedLock = new Object();
    private final Object publishLock = new Object();
    /** Copy of the feed's time for readers that must not take {@code feedLock}. */
    private volatile long feedNow;

    private final MarketFeed.Listener listener = new MarketFeed.Listener() {
        @Override
        public void onCandleOpen(String symbol, Candle c, long now) {
            engine.onCandleOpen(symbol, c, now);
        }

        @Override
        public void onInterim(String symbol, Candle partial, long now) {
            engine.onPrice(symbol, partial.close(), now);
            publishKlines(symbol, partial, now);
        }

        @Override
        public void onCandleClose(String symbol, Candle c, long now) {
            engine.onCandleClose(symbol, c, now);
            publishKlines(symbol, c, now);
        }
    };

    public SimCore(List<CandleSeries> series, SimSettings settings, long replayStartMs) {
        this.feed = new MarketFeed(series, replayStartMs, settings.warmupCandles(), settings.interimUpdates());
        List<InstrumentSpec> list = new ArrayList<>();
        for (CandleSeries s : series) {
            list.add(Instruments.forSymbol(s.symbol(), s.get(0).close()));
        }
        this.engine = new MatchingEngine(list, new FillModel(settings.fills()), settings.initialBalance(),
                settings.defaultLeverage(), settings.seed());
        this.specs = engine.specs();
        this.feedNow = feed.nowMs();
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
        synchronized (feedLock) {
            return feed.nowMs();
        }
    }

    public long tickMs() {
        return feed.tickMs();
    }

    public long replayStartMs() {
        return feed.replayStartMs();
    }

    public boolean finished() {
        synchronized (feedLock) {
            return feed.finished();
        }
    }

    /** One tick of virtual time; then the engine's events are published. */
    public void step() {
        synchronized (feedLock) {
            feed.step(listener);
            feedNow = feed.nowMs();
            flushEvents();
        }
    }

    public void advanceTo(long virtualMs) {
        synchronized (feedLock) {
            while (feed.nowMs() + feed.tickMs() <= virtualMs) {
                feed.step(listener);
                feedNow = feed.nowMs();
                flushEvents();
            }
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
        synchronized (feedLock) {
            return feed.klines(symbol, interval, start, end, limit);
        }
    }

    public Candle forming(String symbol, Interval interval) {
        synchronized (feedLock) {
            return feed.forming(symbol, interval);
        }
    }

    public Interval baseInterval(String symbol) {
        return feed.baseInterval(symbol);
    }

    public Set<String> symbols() {
        return feed.symbols();
    }

    /** Starts publishing {@code kline.{interval}.{symbol}} (the hub calls this on subscribe). */
    public void watch(String symbol, Interval interval) {
        watched.computeIfAbsent(symbol, s -> ConcurrentHashMap.newKeySet()).add(interval);
    }

    /** Null when {@code interval} cannot be served for {@code symbol}, else the reason. */
    public String klineProblem(String symbol, Interval interval) {
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
        if (intervals == null || intervals.isEmpty()) {
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
