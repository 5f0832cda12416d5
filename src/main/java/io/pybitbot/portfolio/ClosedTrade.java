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
                          BigDecimal fees, ExitReason exitReason, BigDecimal funding) {

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
        funding = funding == null ? BigDecimal.ZERO : funding;
    }

    /** Gross PnL minus fees, plus the funding received (minus the funding paid) while it was open. */
    public BigDecimal netPnl() {
        return grossPnl.subtract(fees).add(funding);
    }

    /** A trade is a win when it made money after fees. */
    public boolean isWin() {
        return netPnl().signum() > 0;
    }
}
