package io.pybitbot.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Trading rules of one linear perpetual, as Bybit's instruments-info reports them
 * ({@code priceFilter.tickSize}, {@code lotSizeFilter.qtyStep/minOrderQty/maxOrderQty/minNotionalValue},
 * {@code leverageFilter.maxLeverage}). All money crossing to the exchange goes through
 * {@link #roundPrice} and {@link #roundQtyDown} so it is on the instrument's grid.
 */
public record InstrumentSpec(String symbol, BigDecimal tickSize, BigDecimal qtyStep, BigDecimal minOrderQty,
                             BigDecimal maxOrderQty, BigDecimal minNotional, BigDecimal maxLeverage) {

    public InstrumentSpec {
        Objects.requireNonNull(symbol, "symbol");
        requirePositive(tickSize, "tickSize", symbol);
        requirePositive(qtyStep, "qtyStep", symbol);
        requirePositive(minOrderQty, "minOrderQty", symbol);
        requirePositive(maxOrderQty, "maxOrderQty", symbol);
        Objects.requireNonNull(minNotional, "minNotional");
        requirePositive(maxLeverage, "maxLeverage", symbol);
        tickSize = tickSize.stripTrailingZeros();
        qtyStep = qtyStep.stripTrailingZeros();
    }

    private static void requirePositive(BigDecimal v, String name, String symbol) {
        if (v == null || v.signum() <= 0) {
            throw new IllegalArgumentException(name + " of " + symbol + " must be > 0, got " + v);
        }
    }

    /** Rounds a price to the nearest tick (half-up), at the tick's scale. */
    public BigDecimal roundPrice(BigDecimal price) {
        return snap(price, tickSize, RoundingMode.HALF_UP);
    }

    public BigDecimal roundPrice(double price) {
        return roundPrice(BigDecimal.valueOf(price));
    }

    /**
     * Rounds a price to a tick in the direction that never makes a protective level tighter than
     * asked: DOWN for values that must not exceed the input, UP for values that must not fall below.
     */
    public BigDecimal roundPrice(BigDecimal price, RoundingMode mode) {
        return snap(price, tickSize, mode);
    }

    /** Rounds a quantity down to the qty step: we never order more than sized. */
    public BigDecimal roundQtyDown(BigDecimal qty) {
        return snap(qty, qtyStep, RoundingMode.DOWN);
    }

    public BigDecimal roundQtyDown(double qty) {
        return roundQtyDown(BigDecimal.valueOf(qty));
    }

    public boolean isOnTick(BigDecimal price) {
        return price.remainder(tickSize).signum() == 0;
    }

    public boolean isOnQtyStep(BigDecimal qty) {
        return qty.remainder(qtyStep).signum() == 0;
    }

    private static BigDecimal snap(BigDecimal value, BigDecimal step, RoundingMode mode) {
        BigDecimal steps = value.divide(step, 0, mode);
        return steps.multiply(step).setScale(Math.max(step.scale(), 0), RoundingMode.UNNECESSARY);
    }

    /** Number of decimals of the tick size, handy for formatting. */
    public int priceScale() {
        return Math.max(tickSize.scale(), 0);
    }

    public int qtyScale() {
        return Math.max(qtyStep.scale(), 0);
    }
}
