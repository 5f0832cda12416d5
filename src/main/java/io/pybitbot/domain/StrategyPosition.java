package io.pybitbot.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One strategy's own position on one symbol, as the execution ledger (live) or the backtester's portfolio sees it:
 * what a strategy is told with every closed candle, so it never has to guess whether its entry was filled, denied or
 * stopped out.
 *
 * @param side       the side held, or null when flat
 * @param size       contracts held, zero when flat
 * @param entryPrice average entry price, NaN when flat
 * @param openedMs   when the position was opened (exchange time), 0 when flat or unknown
 */
public record StrategyPosition(Side side, BigDecimal size, double entryPrice, long openedMs) {

    /** No position. */
    public static final StrategyPosition FLAT = new StrategyPosition(null, BigDecimal.ZERO, Double.NaN, 0);

    public StrategyPosition {
        Objects.requireNonNull(size, "size");
        if (side == null && size.signum() != 0) {
            throw new IllegalArgumentException("a flat position has no size, got " + size.toPlainString());
        }
        if (side != null && size.signum() <= 0) {
            throw new IllegalArgumentException("an open position needs a positive size, got " + size.toPlainString());
        }
    }

    public static StrategyPosition open(Side side, BigDecimal size, double entryPrice, long openedMs) {
        return new StrategyPosition(Objects.requireNonNull(side, "side"), size, entryPrice, openedMs);
    }

    public boolean isOpen() {
        return side != null;
    }

    /** True when the strategy holds {@code s}. */
    public boolean is(Side s) {
        return side == s;
    }

    /** Unrealised PnL (quote currency, before fees) at {@code price}; 0 when flat. */
    public double unrealizedPnl(double price) {
        if (side == null) {
            return 0;
        }
        double move = side == Side.BUY ? price - entryPrice : entryPrice - price;
        return move * size.doubleValue();
    }

    /** How long it has been held at {@code nowMs}; 0 when flat or its opening time is unknown. */
    public long ageMs(long nowMs) {
        return side == null || openedMs <= 0 ? 0 : Math.max(0, nowMs - openedMs);
    }
}
