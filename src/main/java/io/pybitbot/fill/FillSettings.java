package io.pybitbot.fill;

import java.util.Objects;

/**
 * Fill model parameters.
 *
 * @param slippageBps adverse slippage applied to every taker fill (market orders, triggered stops and
 *                    targets, marketable limits), in basis points of price: 2.0 = 0.02 %
 *                    (execution.json {@code slippage_bps})
 * @param fees        maker/taker rates (execution.json {@code fees})
 */
public record FillSettings(double slippageBps, FeeSchedule fees) {

    public FillSettings {
        Objects.requireNonNull(fees, "fees");
        if (!(slippageBps >= 0) || slippageBps > 1000) {
            throw new IllegalArgumentException("slippage_bps must be in [0, 1000] basis points, got " + slippageBps);
        }
    }

    /** Bybit default fees, no slippage. */
    public static FillSettings bybitDefaults(double slippageBps) {
        return new FillSettings(slippageBps, FeeSchedule.BYBIT_DEFAULT);
    }
}
