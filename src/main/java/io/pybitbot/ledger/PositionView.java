package io.pybitbot.ledger;

import io.pybitbot.CborSerializable;
import io.pybitbot.domain.Side;
import java.math.BigDecimal;

/**
 * An open position as the account reports it.
 *
 * @param strategy the strategy whose entry opened it, "" when unknown (found at start, or opened by hand)
 */
public record PositionView(String symbol, String strategy, Side side, BigDecimal size, BigDecimal entryPrice,
                           BigDecimal stopLoss, BigDecimal takeProfit, long updatedMs) implements CborSerializable {

    PositionView withStrategy(String owner) {
        return new PositionView(symbol, owner, side, size, entryPrice, stopLoss, takeProfit, updatedMs);
    }
}
