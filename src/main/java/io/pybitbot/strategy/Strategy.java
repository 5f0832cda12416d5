package io.pybitbot.strategy;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Signal;

/**
 * A trading strategy for one symbol on one timeframe: pure and incremental.
 *
 * <p>The engine (backtest, simulator run or live node) creates one instance per symbol and feeds it
 * every <em>closed</em> candle of its timeframe, in time order, exactly once. The strategy keeps its
 * own indicator state and returns a {@link Signal} or {@code null} for "nothing to do". It never sees
 * orders, positions, actors or HTTP, so the same instance type makes the same decisions in a backtest
 * and live. A signal on candle N can only be filled from candle N+1 on (no look-ahead).
 *
 * <p>Implementations need not be thread-safe: one actor owns each instance.
 */
public interface Strategy {

    /**
     * Closed candles needed before the first signal can be produced. The node backfills at least this
     * many candles over REST before it goes live.
     */
    int warmupCandles();

    /** Consumes one closed candle and returns a signal, or {@code null} for none. */
    Signal onCandle(Candle closed);

    /**
     * The indicator values this strategy computed on the last candle that belong on the price chart (moving averages,
     * bands), by a short name ("SMA 10"); NaN while one is not ready. For reports; the default shows none.
     */
    default void priceLines(java.util.function.ObjDoubleConsumer<String> sink) {
    }

    /**
     * Like {@link #priceLines}, the indicators on a scale of their own (RSI, ADX), drawn in a pane under the price.
     */
    default void oscillatorLines(java.util.function.ObjDoubleConsumer<String> sink) {
    }
}
