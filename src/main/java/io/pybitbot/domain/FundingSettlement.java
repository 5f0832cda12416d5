package io.pybitbot.domain;

import java.math.BigDecimal;
import java.util.Objects;

/** One funding settlement of a perpetual: when, and at what rate (positive: longs pay shorts). */
public record FundingSettlement(long timeMs, BigDecimal rate) {
    public FundingSettlement {
        Objects.requireNonNull(rate, "rate");
    }
}
