package io.pybitbot.fill;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Trading fee rates as fractions of notional (execution.json {@code fees.taker}, {@code fees.maker}).
 * A negative maker rate is a rebate. Fees are rounded half-up to {@value #FEE_SCALE} decimals of USDT.
 */
public record FeeSchedule(BigDecimal takerRate, BigDecimal makerRate) {

    public static final int FEE_SCALE = 8;

    /** Bybit's base tier for USDT perpetuals: taker 0.055 %, maker 0.02 %. */
    public static final FeeSchedule BYBIT_DEFAULT = new FeeSchedule(new BigDecimal("0.00055"), new BigDecimal("0.0002"));

    public FeeSchedule {
        Objects.requireNonNull(takerRate, "fees.taker");
        Objects.requireNonNull(makerRate, "fees.maker");
        if (takerRate.signum() < 0 || takerRate.compareTo(new BigDecimal("0.01")) > 0) {
            throw new IllegalArgumentException("fees.taker must be a fraction in [0, 0.01] (0.00055 = 0.055%), got "
                    + takerRate.toPlainString());
        }
        if (makerRate.abs().compareTo(new BigDecimal("0.01")) > 0) {
            throw new IllegalArgumentException("fees.maker must be a fraction in [-0.01, 0.01] (0.0002 = 0.02%), got "
                    + makerRate.toPlainString());
        }
    }

    public BigDecimal rate(Liquidity liquidity) {
        return liquidity == Liquidity.MAKER ? makerRate : takerRate;
    }

    /** Fee on a fill: {@code qty * price * rate}, USDT, positive = paid. */
    public BigDecimal fee(BigDecimal qty, BigDecimal price, Liquidity liquidity) {
        return qty.multiply(price).multiply(rate(liquidity)).setScale(FEE_SCALE, RoundingMode.HALF_UP);
    }
}
