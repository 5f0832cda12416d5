package io.pybitbot.strategy;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Signal;
import io.pybitbot.domain.StrategyPosition;

/**
 * A trading strategy for one symbol on one timeframe: pure and incremental.
 *
 * <p>The engine (backtest, simulator run or live node) creates one instance per symbol and feeds it
 * every <em>closed</em> candle of its timeframe, in time order, exactly once, with its own position on the
 * symbol as the engine's books hold it (filled, denied, stopped out: never a guess). The strategy keeps its
 * own indicator state and returns a {@link Signal} or {@code null} for "nothing to do". It never sees
 * orders, actors or HTTP, so the same instance type makes the same decisions in a backtest and live. A
 * signal on candle N can only be filled from candle N+1 on (no look-ahead).
 *
 * <p>Implementations need not be thread-safe: one actor owns each instance.
 */
public interface Strategy {

    /**
     * Closed candles needed before the first signal can be produced. The node backfills at least this
     * many candles over REST before it goes live.
     */
    int warmupCandles();

    /**
     * Consumes one closed candle and returns a signal, or {@code null} for none.
     *
     * @param position this strategy's own position on the symbol now: {@link StrategyPosition#FLAT} when it holds
     *                 none (its entry was denied, not filled yet, or closed by a stop), also while warming up on
     *                 history. Another strategy's position on the same symbol is not this one's.
     */
    default Signal onCandle(Candle closed, StrategyPosition position) {
        return onCandle(closed);
    }

    /**
     * The form without a position, for strategies that do not need it (and those written before it existed).
     * Implement one of the two; the engines call {@link #onCandle(Candle, StrategyPosition)}.
     */
    default Signal onCandle(Candle closed) {
        throw new UnsupportedOperationException(getClass().getName()
                + " implements neither onCandle(Candle) nor onCandle(Candle, StrategyPosition)");
    }

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
