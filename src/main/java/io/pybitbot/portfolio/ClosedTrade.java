package io.pybitbot.portfolio;

import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One round trip (or the closed part of a position).
 *
 * @param side       side of the position (BUY = long)
 * @param entryPrice average entry price of the closed quantity
 * @param grossPnl   {@code qty * (exit - entry) * sign}, USDT
 * @param fees       entry fees attributable to this quantity plus the exit fee, USDT
 */
public record ClosedTrade(String symbol, String strategy, Side side, long entryTimeMs, BigDecimal entryPrice,
                          long exitTimeMs, BigDecimal exitPrice, BigDecimal qty, BigDecimal grossPnl,
                          BigDecimal fees, ExitReason exitReason) {

    public ClosedTrade {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(entryPrice, "entryPrice");
        Objects.requireNonNull(exitPrice, "exitPrice");
        Objects.requireNonNull(qty, "qty");
        Objects.requireNonNull(grossPnl, "grossPnl");
        Objects.requireNonNull(fees, "fees");
        Objects.requireNonNull(exitReason, "exitReason");
    }

    /** Gross PnL minus fees. */
    public BigDecimal netPnl() {
        return grossPnl.subtract(fees);
    }

    /** A trade is a win when it made money after fees. */
    public boolean isWin() {
        return netPnl().signum() > 0;
    }
}
