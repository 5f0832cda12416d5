package io.pybitbot.fill;

import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One execution.
 *
 * @param side      side of the order that filled (a long's exit is a SELL)
 * @param qty       on the instrument's qty grid, &gt; 0
 * @param price     on the instrument's tick grid
 * @param fee       USDT paid (negative = rebate)
 * @param timeMs    event time: the start of the candle in which the fill happened
 */
public record Fill(Side side, BigDecimal qty, BigDecimal price, BigDecimal fee, Liquidity liquidity, long timeMs) {

    public Fill {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(qty, "qty");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(liquidity, "liquidity");
        if (qty.signum() <= 0) {
            throw new IllegalArgumentException("fill qty must be > 0, got " + qty.toPlainString());
        }
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("fill price must be > 0, got " + price.toPlainString());
        }
    }

    /** qty * price, USDT. */
    public BigDecimal notional() {
        return qty.multiply(price);
    }
}
