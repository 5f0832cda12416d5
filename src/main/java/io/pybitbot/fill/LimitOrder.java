package io.pybitbot.fill;

import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import java.util.Objects;

/** A limit order as the fill model sees it; price and qty already on the instrument grid. */
public record LimitOrder(Side side, BigDecimal qty, BigDecimal limitPrice, TimeInForce timeInForce) {

    public LimitOrder {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(qty, "qty");
        Objects.requireNonNull(limitPrice, "limitPrice");
        Objects.requireNonNull(timeInForce, "timeInForce");
        if (qty.signum() <= 0 || limitPrice.signum() <= 0) {
            throw new IllegalArgumentException("limit order needs qty > 0 and price > 0, got qty "
                    + qty.toPlainString() + " price " + limitPrice.toPlainString());
        }
    }
}
