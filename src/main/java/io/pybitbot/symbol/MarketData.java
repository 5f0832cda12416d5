package io.pybitbot.symbol;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Where a {@link SymbolActor} gets candles: REST history and gap fill, and a live kline stream. Bybit
 * (and the simulator, which speaks the same protocol) implement it in {@code BybitMarketData}; tests
 * script it.
 */
public interface MarketData {

    /** Exchange time now, in epoch ms (local clock corrected by the measured offset). */
    long nowMs();

    /** The newest {@code count} closed candles, oldest first. */
    CompletionStage<List<Candle>> recentClosed(String symbol, Interval interval, int count);

    /** Closed candles whose start lies in [fromStartMs, toStartMs], oldest first. */
    CompletionStage<List<Candle>> closedBetween(String symbol, Interval interval, long fromStartMs, long toStartMs);

    /**
     * Live kline updates (forming and closed candles) of {@code symbol} on each interval; reconnects on
     * its own and emits {@link Event.Connected} at every (re)connection, so the consumer can fill the gap.
     */
    Source<Event, UniqueKillSwitch> stream(String symbol, List<Interval> intervals);

    /**
     * History that cannot be traded on: rows the exchange sent were invalid (negative or non-finite prices,
     * inconsistent OHLC, misaligned times) and were dropped, so what is left has holes. The symbol stays out
     * of trading until a fresh read is clean.
     */
    final class InvalidHistory extends RuntimeException {
        public InvalidHistory(String message) {
            super(message, null, false, false);
        }
    }

    /** What the live stream delivers. */
    sealed interface Event {
        /** A new connection: candles may have been missed since the last one. */
        record Connected(int connection) implements Event {}

        /** The connection went silent for the stall timeout; a new one follows. */
        record Stalled(int connection) implements Event {}

        /** Candles of one kline push, in the order the exchange sent them. */
        record Klines(Interval interval, List<Candle> candles) implements Event {}
    }
}
