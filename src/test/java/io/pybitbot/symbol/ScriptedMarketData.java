package io.pybitbot.symbol;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;

/** A market whose history, clock and live pushes the test controls. */
final class ScriptedMarketData implements MarketData {
    /** Every candle the exchange "has", per symbol, at one interval. */
    final ConcurrentHashMap<String, List<Candle>> candles = new ConcurrentHashMap<>();
    final AtomicLong now = new AtomicLong();
    /** How far the exchange's own clock (what it has closed) is ahead of {@link #nowMs()}, this node's estimate. */
    final AtomicLong exchangeAheadMs = new AtomicLong();
    final AtomicInteger historyCalls = new AtomicInteger();
    final List<String> rangeCalls = new CopyOnWriteArrayList<>();
    final ConcurrentHashMap<String, BoundedSourceQueue<Event>> queues = new ConcurrentHashMap<>();
    final Interval interval;

    ScriptedMarketData(Interval interval) {
        this.interval = interval;
    }

    @Override
    public long nowMs() {
        return now.get();
    }

    private List<Candle> closed(String symbol, long from, long to) {
        List<Candle> out = new ArrayList<>();
        for (Candle c : candles.getOrDefault(symbol, List.of())) {
            if (c.startMs() >= from && c.startMs() <= to && c.startMs() + interval.millis() <= now.get() + exchangeAheadMs.get()) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public CompletionStage<List<Candle>> recentClosed(String symbol, Interval i, int count) {
        historyCalls.incrementAndGet();
        List<Candle> all = closed(symbol, Long.MIN_VALUE, Long.MAX_VALUE);
        return CompletableFuture.completedFuture(all.subList(Math.max(0, all.size() - count), all.size()));
    }

    @Override
    public CompletionStage<List<Candle>> closedBetween(String symbol, Interval i, long fromStartMs, long toStartMs) {
        rangeCalls.add(symbol + ":" + fromStartMs + "-" + toStartMs);
        return CompletableFuture.completedFuture(closed(symbol, fromStartMs, toStartMs));
    }

    @Override
    public Source<Event, UniqueKillSwitch> stream(String symbol, List<Interval> intervals) {
        return Source.<Event>queue(1000).mapMaterializedValue(q -> {
            queues.put(symbol, q);
            return q;
        }).viaMat(KillSwitches.single(), Keep.right());
    }

    /** Pushes a kline frame to the symbol's live stream (the stream must be running). */
    void push(String symbol, Candle... cs) {
        queue(symbol).offer(new Event.Klines(interval, List.of(cs)));
    }

    void connected(String symbol, int n) {
        queue(symbol).offer(new Event.Connected(n));
    }

    void stalled(String symbol, int n) {
        queue(symbol).offer(new Event.Stalled(n));
    }

    /** The symbol's live stream, waiting for the actor's stream child to have started it. */
    private BoundedSourceQueue<Event> queue(String symbol) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        BoundedSourceQueue<Event> q;
        while ((q = queues.get(symbol)) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the stream of " + symbol + " was never started");
            }
            Thread.onSpinWait();
        }
        return q;
    }
}
