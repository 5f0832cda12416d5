package io.pybitbot.sim.engine;

import io.pybitbot.domain.Side;
import java.math.BigDecimal;

/**
 * A position snapshot (one-way mode, positionIdx 0). {@code side} is null when flat. TP/SL/trailing are null
 * when unset; {@code trailingStop} is the distance, {@code activePrice} its arming price.
 */
public record PositionView(String symbol, Side side, BigDecimal size, BigDecimal avgPrice, BigDecimal markPrice,
                           BigDecimal leverage, BigDecimal positionValue, BigDecimal unrealisedPnl,
                           BigDecimal curRealisedPnl, BigDecimal cumRealisedPnl, BigDecimal takeProfit,
                           BigDecimal stopLoss, BigDecimal trailingStop, BigDecimal activePrice,
                           BigDecimal positionIM, BigDecimal positionMM, long seq, long createdTime,
                           long updatedTime) {

    public boolean isOpen() {
        return side != null && size.signum() > 0;
    }
}
