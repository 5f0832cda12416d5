package io.pybitbot.ledger;

import io.pybitbot.CborSerializable;
import io.pybitbot.domain.Side;
import java.math.BigDecimal;

/**
 * An open position as the account reports it.
 *
 * @param strategy the strategy whose entry opened it, "" when unknown (found at start, or opened by hand)
 * @param openedMs when the exchange first reported it on this side (0 in a journal written before this was kept)
 */
public record PositionView(String symbol, String strategy, Side side, BigDecimal size, BigDecimal entryPrice,
                           BigDecimal stopLoss, BigDecimal takeProfit, long updatedMs, long openedMs)
        implements CborSerializable {

    PositionView withStrategy(String owner) {
        return new PositionView(symbol, owner, side, size, entryPrice, stopLoss, takeProfit, updatedMs, openedMs);
    }

    /** The strategy's own view of it, for {@code owner}; flat for any other strategy. */
    public io.pybitbot.domain.StrategyPosition forStrategy(String owner) {
        return owner.equals(strategy) && side != null && size.signum() > 0
                ? io.pybitbot.domain.StrategyPosition.open(side, size, entryPrice.doubleValue(), openedMs)
                : io.pybitbot.domain.StrategyPosition.FLAT;
    }
}
