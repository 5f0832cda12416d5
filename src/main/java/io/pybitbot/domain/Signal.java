package io.pybitbot.domain;

import java.util.Objects;

/**
 * What a strategy decided on one closed candle.
 *
 * <p>An {@link Kind#ENTRY} asks to open a position on {@code side} (long for BUY, short for SELL)
 * with the given protective stop and target; an {@link Kind#EXIT} asks to close the strategy's
 * position on that symbol ({@code side} is then the side of the position being closed, and the
 * stop/target are NaN).
 *
 * @param strategy       the strategy's configured name, e.g. {@code strategy_b}
 * @param candleStartMs  start of the closed candle the decision was made on
 * @param referencePrice the close of that candle; the order fills from the next price on
 * @param stopLoss       protective stop price, or NaN for none
 * @param takeProfit     target price, or NaN for none
 * @param reason         short human-readable why, for logs and reports
 */
public record Signal(String strategy, String symbol, Kind kind, Side side, double referencePrice,
                     double stopLoss, double takeProfit, long candleStartMs, String reason) {

    public enum Kind { ENTRY, EXIT }

    public Signal {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(side, "side");
        reason = reason == null ? "" : reason;
        if (kind == Kind.ENTRY && !Double.isNaN(stopLoss)) {
            boolean stopOnLossSide = side == Side.BUY ? stopLoss < referencePrice : stopLoss > referencePrice;
            if (!stopOnLossSide) {
                throw new IllegalArgumentException("stop-loss " + stopLoss + " is not on the loss side of "
                        + side + " at " + referencePrice + " (" + strategy + " " + symbol + ")");
            }
        }
        if (kind == Kind.ENTRY && !Double.isNaN(takeProfit)) {
            boolean targetOnProfitSide = side == Side.BUY ? takeProfit > referencePrice : takeProfit < referencePrice;
            if (!targetOnProfitSide) {
                throw new IllegalArgumentException("take-profit " + takeProfit + " is not on the profit side of "
                        + side + " at " + referencePrice + " (" + strategy + " " + symbol + ")");
            }
        }
    }

    public static Signal entry(String strategy, String symbol, Side side, double referencePrice,
                               double stopLoss, double takeProfit, long candleStartMs, String reason) {
        return new Signal(strategy, symbol, Kind.ENTRY, side, referencePrice, stopLoss, takeProfit, candleStartMs, reason);
    }

    public static Signal exit(String strategy, String symbol, Side positionSide, double referencePrice,
                              long candleStartMs, String reason) {
        return new Signal(strategy, symbol, Kind.EXIT, positionSide, referencePrice, Double.NaN, Double.NaN,
                candleStartMs, reason);
    }
}
