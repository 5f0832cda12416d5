package io.pybitbot.exchange.bybit;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.dto.MarketDtos;
import io.pybitbot.exchange.bybit.ws.BybitPublicStream;
import io.pybitbot.exchange.bybit.ws.BybitStreamEvent;
import io.pybitbot.exchange.bybit.ws.BybitWsFrame;
import io.pybitbot.exchange.bybit.ws.SharedPublicStreams;
import io.pybitbot.exchange.bybit.ws.StreamCounters;
import io.pybitbot.symbol.MarketData;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Source;

/** {@link MarketData} over Bybit V5 (or the simulator): REST klines and the public kline stream. */
public final class BybitMarketData implements MarketData {
    private final ActorSystem<?> system;
    private final BybitRestApi api;
    private final InstantSource exchangeClock;
    private final InstantSource apiClock;
    private final BybitPublicStream.Settings settings;
    private final StreamCounters counters;
    /** The node's public connects, paced under Bybit's per-IP limit on the wall clock (real connects, any replay). */
    private final io.pybitbot.exchange.bybit.ws.ConnectPacer pacer = io.pybitbot.exchange.bybit.ws.ConnectPacer.bybit();
    private final InstantSource wall = InstantSource.system();
    /** Kline topics of several symbols per connection; made at the first subscriber (the API's hosts are known). */
    private final int symbolsPerConnection;
    private SharedPublicStreams shared;

    /**
     * @param exchangeClock the exchange's time: the wall clock live, the simulator's virtual clock in sim
     * @param apiClock      the clock {@code api} signs with; when it is the exchange clock, the api's measured
     *                      offset corrects it, otherwise (sim) the exchange clock is already exact
     */
    public BybitMarketData(ActorSystem<?> system, BybitRestApi api, InstantSource exchangeClock, InstantSource apiClock,
                           BybitPublicStream.Settings settings, StreamCounters counters) {
        this(system, api, exchangeClock, apiClock, settings, counters, 1);
    }

    /** @param symbolsPerConnection symbols whose kline topics share one public WebSocket connection */
    public BybitMarketData(ActorSystem<?> system, BybitRestApi api, InstantSource exchangeClock, InstantSource apiClock,
                           BybitPublicStream.Settings settings, StreamCounters counters, int symbolsPerConnection) {
        this.symbolsPerConnection = symbolsPerConnection;
        this.system = system;
        this.api = api;
        this.exchangeClock = exchangeClock;
        this.apiClock = apiClock;
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public long nowMs() {
        return exchangeClock.millis() + (exchangeClock == apiClock ? api.clockOffsetMs() : 0);
    }

    @Override
    public CompletionStage<List<Candle>> recentClosed(String symbol, Interval interval, int count) {
        long lastClosedStart = Math.floorDiv(nowMs(), interval.millis()) * interval.millis() - interval.millis();
        long from = lastClosedStart - (long) (count - 1) * interval.millis();
        return closedBetween(symbol, interval, from, lastClosedStart);
    }

    @Override
    public CompletionStage<List<Candle>> closedBetween(String symbol, Interval interval, long fromStartMs, long toStartMs) {
        return api.checkedKlinesBetween(symbol, interval, fromStartMs, toStartMs).thenApply(r -> {
            MarketDtos.Candles checked = r.orThrow();
            if (!checked.rejected().isEmpty()) {
                throw new InvalidHistory(symbol + " interval " + interval.code() + ": the exchange sent "
                        + checked.rejected().size() + " invalid candle(s), first: " + checked.rejected().get(0));
            }
            List<Candle> candles = checked.candles();
            long now = nowMs();
            List<Candle> closed = new ArrayList<>(candles.size());
            for (Candle c : candles) {
                if (c.startMs() + interval.millis() <= now && c.startMs() >= fromStartMs && c.startMs() <= toStartMs) {
                    closed.add(c.confirmed() ? c : new Candle(c.startMs(), c.open(), c.high(), c.low(), c.close(),
                            c.volume(), c.turnover(), true));
                }
            }
            return closed;
        });
    }

    private synchronized SharedPublicStreams connections() {
        if (shared == null) {
            shared = new SharedPublicStreams(system, api.hosts().publicLinearWs(), settings, counters, pacer, wall,
                    symbolsPerConnection);
        }
        return shared;
    }

    @Override
    public Source<Event, UniqueKillSwitch> stream(String symbol, List<Interval> intervals) {
        List<String> topics = new ArrayList<>();
        for (Interval i : intervals) {
            topics.addAll(BybitPublicStream.klineTopics(List.of(symbol), i));
        }
        return connections().subscribe(symbol, topics)
                .<Event>mapConcat(e -> {
                    if (e instanceof BybitStreamEvent.Connected c) {
                        return List.of(new Event.Connected(c.connection()));
                    }
                    if (e instanceof BybitStreamEvent.Stalled s) {
                        return List.of(new Event.Stalled(s.connection()));
                    }
                    if (e instanceof BybitStreamEvent.Frame f && f.frame() instanceof BybitWsFrame.Kline k
                            && k.symbol().equals(symbol)) {
                        return List.of(new Event.Klines(k.interval(), k.candles()));
                    }
                    return List.of();
                });
    }
}
